// Minimal stand-in for node-addon-api's <napi.h>.
#pragma once
#include <node_api.h>
namespace Napi {
class Env {
public:
  Env(napi_env env);
  operator napi_env() const;
  class Value Null() const;
  class Object Global() const;
};
class Value {
public:
  Value();
  Value(napi_env env, napi_value value);
  operator napi_value() const;
  Napi::Env Env() const;
  bool IsNull() const;
};
class String : public Value {
public:
  static String New(napi_env env, const char *value);
  const char *Utf8Value() const;
};
class Object : public Value {
public:
  static Object New(napi_env env);
  Value Get(const char *key) const;
  void Set(const char *key, Value value) const;
};
class Function : public Object {
public:
  Value Call(const Value *args, unsigned n) const;
  Value Call(Value recv) const;
};
template <class T> class Reference {
public:
  T Value() const;
  void Reset();
};
class ObjectReference : public Reference<Object> {};
class FunctionReference : public Reference<Function> {};
class CallbackInfo;
template <class T> class ObjectWrap : public ObjectReference {
public:
  explicit ObjectWrap(const CallbackInfo &info);
  Object Value() const;
};
class CallbackInfo {
public:
  Napi::Env Env() const;
  Value operator[](unsigned i) const;
};
class AsyncWorker {
public:
  virtual ~AsyncWorker();
  void Queue();
  Napi::Env Env() const;
  ObjectReference &Receiver();
  FunctionReference &Callback();
  void SetError(const char *message);

protected:
  explicit AsyncWorker(const Function &callback);
  virtual void Execute() = 0;
  virtual void OnOK();
  virtual void OnError(const Value &e);
};
template <class T> class AsyncProgressWorker : public AsyncWorker {
public:
  class ExecutionProgress {
  public:
    void Send(const T *data, unsigned count) const;
  };

protected:
  explicit AsyncProgressWorker(const Function &callback);
  void Execute() final;
  virtual void Execute(const ExecutionProgress &progress) = 0;
  virtual void OnProgress(const T *data, unsigned count) = 0;
};
class ThreadSafeFunction {
public:
  static ThreadSafeFunction New(napi_env env, const Function &callback,
                                const char *name, unsigned queue,
                                unsigned threads);
  template <class Callback> napi_status BlockingCall(Callback cb) const {
    return napi_ok;
  }
  template <class Callback> napi_status NonBlockingCall(Callback cb) const {
    return napi_ok;
  }
  napi_status Release() const;
};
} // namespace Napi
