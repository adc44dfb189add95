#include "shop.h"

void Inventory::restock() {
  std::lock_guard<std::mutex> S(stock_);
  ++Stock;
  std::lock_guard<std::mutex> O(orders_);
  --Orders;
}

void Ledger::settle() {
  std::lock_guard<std::mutex> T(totals_);
  std::lock_guard<std::mutex> J(journal_);
  Total = Entries;
}

void Ledger::addTotals() {
  std::lock_guard<std::mutex> T(totals_);
  ++Total;
}

void Ledger::compact() {
  std::lock_guard<std::mutex> J(journal_);
  Entries = 0;
}

void Catalog::reprice() {
  std::lock_guard<std::mutex> I(items_);
  lockPrices();
  --Items;
}
