// cpp-channel, pygolang and asio channels, each as its source behaves.
// RUN: %clang_tidy -checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'
// RUN: not %conctidy --checks='-*,conc-unreceived-channel-send' %s -- -std=c++17 -nostdinc++ -isystem %mocks 2>&1 \
// RUN:   | FileCheck %s -implicit-check-not='{{warning|error}}:'

#include <boost/asio/experimental/channel.hpp>
#include <golang/libgolang.h>
#include <memory>
#include <msd/channel.hpp>
#include <thread>

int compute(int);
bool cancelled();

namespace boost {
namespace asio {
template <typename F> void post(io_context &, F &&) {}
} // namespace asio
} // namespace boost

// msd::channel with a capacity: write() waits for room, and neither close()
// nor the destructor wakes it.
int msdBounded() {
  msd::channel<int> Ch{1};
  for (int I = 0; I < 3; ++I)
    std::thread([&Ch, I] { Ch << compute(I); }).detach();
  // CHECK: libraries.cpp:[[@LINE-1]]:31: warning: send on 'Ch' (msd::channel) can block forever: 'msdBounded' may return at line [[@LINE+7]] before receiving all 3 values; give 'Ch' room for 3 values [conc-unreceived-channel-send]
  // CHECK: libraries.cpp:[[@LINE+6]]:5: note: 'msdBounded' leaves here after receiving 1 value
  // CHECK: libraries.cpp:[[@LINE-3]]:5: note: tasks that send 3 values are started here with 'std::thread'
  int First = 0;
  Ch >> First;
  if (First < 0) {
    Ch.close();
    return First;
  }
  return 0;
}

// With a number of senders not known statically, only receiving helps.
int msdUnknownCount(int N) {
  msd::channel<int> Ch{1};
  for (int I = 0; I < N; ++I)
    std::thread([&Ch, I] { Ch.write(compute(I)); }).detach();
  // CHECK: libraries.cpp:[[@LINE-1]]:31: warning: send on 'Ch' (msd::channel) may block forever: 'msdUnknownCount' may return at line [[@LINE+5]] before receiving all values; receive every value on every path [conc-unreceived-channel-send]
  // CHECK: libraries.cpp:[[@LINE+4]]:5: note: 'msdUnknownCount' leaves here after receiving 0 values
  // CHECK: libraries.cpp:[[@LINE-3]]:5: note: tasks that send an unknown number of values are started here with 'std::thread'
  if (cancelled()) {
    Ch.close();
    return -1;
  }
  int Sum = 0;
  for (int I = 0; I < N; ++I) {
    int V = 0;
    Ch.read(V);
    Sum += V;
  }
  return Sum;
}

// The default msd::channel is an unbounded queue: writes never wait.
int msdUnbounded() {
  msd::channel<int> Ch;
  for (int I = 0; I < 3; ++I)
    std::thread([&Ch, I] { Ch << compute(I); }).detach();
  int First = 0;
  Ch >> First;
  return First;
}

// pygolang: go() starts the senders, makechan<T>() is unbuffered, the chan
// handle is shared by copy.
int golangFirst(int N) {
  golang::chan<int> Ch = golang::makechan<int>();
  for (int I = 0; I < N; ++I)
    golang::go([Ch, I] { Ch.send(compute(I)); });
  // CHECK: libraries.cpp:[[@LINE-1]]:29: warning: send on 'Ch' (golang::chan) may block forever: 'golangFirst' may return at line [[@LINE+3]] before receiving all values; close 'Ch' on every path that returns early [conc-unreceived-channel-send]
  // CHECK: libraries.cpp:[[@LINE+2]]:3: note: 'golangFirst' leaves here after receiving 1 value
  // CHECK: libraries.cpp:[[@LINE-3]]:5: note: tasks that send an unknown number of values are started here with 'golang::go'
  return Ch.recv();
}

// makechan<T>(n) with room for every sender.
int golangBuffered() {
  golang::chan<int> Ch = golang::makechan<int>(4);
  for (int I = 0; I < 4; ++I)
    golang::go([Ch, I] { Ch.send(compute(I)); });
  return Ch.recv();
}

// asio: async_send stays pending until received; a shared channel outlives
// the function, so nothing cancels it.
void asioPending(boost::asio::io_context &Ctx) {
  using Channel = boost::asio::experimental::channel<void(int)>;
  auto Ch = std::make_shared<Channel>(Ctx);
  boost::asio::post(Ctx, [Ch] { Ch->async_send(1); });
  // CHECK: libraries.cpp:[[@LINE-1]]:37: warning: send on 'Ch' (boost::asio::experimental::basic_channel) can block forever: 'asioPending' may return at line [[@LINE+4]] before receiving the value; give 'Ch' room for 1 value [conc-unreceived-channel-send]
  // CHECK: libraries.cpp:[[@LINE+3]]:5: note: 'asioPending' leaves here after receiving 0 values
  // CHECK: libraries.cpp:[[@LINE-3]]:3: note: the task that sends the value is started here with 'boost::asio::post'
  if (cancelled())
    return;
  Ch->async_receive(boost::asio::use_awaitable);
}

// Room for the value: no report.
void asioBuffered(boost::asio::io_context &Ctx) {
  using Channel = boost::asio::experimental::channel<void(int)>;
  auto Ch = std::make_shared<Channel>(Ctx, 1);
  boost::asio::post(Ctx, [Ch] { Ch->async_send(1); });
  if (cancelled())
    return;
  Ch->async_receive(boost::asio::use_awaitable);
}

// A select case may be the one that receives: no claim after it.
int golangSelect() {
  golang::chan<int> Ch = golang::makechan<int>();
  golang::go([Ch] { Ch.send(compute(1)); });
  int V = 0;
  golang::_selcase Cases[1] = {Ch.recvs(&V)};
  golang::select(Cases);
  return V;
}
