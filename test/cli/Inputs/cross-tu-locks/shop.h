// Three classes whose methods are split across orders.cpp and stock.cpp.
#include <mutex>

class Inventory {
public:
  void placeOrder(); // orders.cpp: orders_, then stock_
  void restock();    // stock.cpp: stock_, then orders_
private:
  std::mutex orders_, stock_;
  int Orders = 0, Stock = 0;
};

class Ledger {
public:
  void post();      // orders.cpp: journal_, then addTotals() (stock.cpp)
  void settle();    // stock.cpp: totals_, then journal_
  void addTotals(); // stock.cpp: totals_
  void flush();     // orders.cpp: journal_, then compact() (stock.cpp)
  void compact();   // stock.cpp: journal_
private:
  std::mutex journal_, totals_;
  int Entries = 0, Total = 0;
};

// Consistent everywhere: items_ before prices_.
class Catalog {
public:
  void update();     // orders.cpp: items_, then prices_
  void reprice();    // stock.cpp: items_, then lockPrices() (orders.cpp)
  void lockPrices(); // orders.cpp: prices_
private:
  std::mutex items_, prices_;
  int Items = 0, Prices = 0;
};
