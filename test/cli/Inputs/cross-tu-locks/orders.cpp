#include "shop.h"

void Inventory::placeOrder() {
  std::lock_guard<std::mutex> O(orders_);
  std::lock_guard<std::mutex> S(stock_);
  ++Orders;
  --Stock;
}

void Ledger::post() {
  std::lock_guard<std::mutex> J(journal_);
  ++Entries;
  addTotals();
}

void Ledger::flush() {
  std::lock_guard<std::mutex> J(journal_);
  compact();
}

void Catalog::update() {
  std::lock_guard<std::mutex> I(items_);
  std::lock_guard<std::mutex> P(prices_);
  ++Items;
}

void Catalog::lockPrices() {
  std::lock_guard<std::mutex> P(prices_);
  ++Prices;
}
