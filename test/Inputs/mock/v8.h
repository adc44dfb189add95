// Minimal stand-in for V8's <v8.h>.
#pragma once
namespace v8 {
class Context;
template <class T> class Local;
class Isolate {
public:
  static Isolate *GetCurrent();
  void Enter();
  void Exit();
  Local<Context> GetCurrentContext();
  class Scope {
  public:
    explicit Scope(Isolate *isolate);
    ~Scope();
  };
};
template <class T> class Local {
public:
  Local();
  T *operator->() const;
  bool IsEmpty() const;
};
template <class T> class Global {
public:
  Global(Isolate *isolate, Local<T> handle);
  Local<T> Get(Isolate *isolate) const;
};
class HandleScope {
public:
  explicit HandleScope(Isolate *isolate);
  ~HandleScope();
};
class Locker {
public:
  explicit Locker(Isolate *isolate);
  ~Locker();
};
class Unlocker {
public:
  explicit Unlocker(Isolate *isolate);
  ~Unlocker();
};
class Value {};
class String : public Value {
public:
  static Local<String> NewFromUtf8Literal(Isolate *isolate, const char *s);
  int Length() const;
};
class Context {
public:
  void Enter();
  void Exit();
};
} // namespace v8
