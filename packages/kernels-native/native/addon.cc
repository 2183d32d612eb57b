// N-API surface of the addon. Exports:
//   cpu: { avx2: boolean }   (CPU features probed once at load, __builtin_cpu_supports)
//   version: string
//   Context(threads, isa)    a thread pool + workspace + kernel table; methods below
//   Handle                   a prepared layer (only Context creates them); dispose(), bytes, kind, disposed
// Every error thrown to JS has a message "E_CODE: text" and a `code` property (the TypeScript layer maps it onto
// SparseCnnError). Nothing here trusts a length from JS: all typed arrays are checked against the plan.
#include <napi.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>

#include "backward.h"
#include "errors.h"
#include "kernels.h"
#include "misc_ops.h"
#include "plans.h"
#include "thread_pool.h"

namespace sparsecnn {

namespace {

const char* kVersion = "0.1.0";

bool cpu_has_avx2() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

Napi::Error make_error(Napi::Env env, const char* code, const std::string& message) {
  Napi::Error e = Napi::Error::New(env, std::string(code) + ": " + message);
  e.Set("code", Napi::String::New(env, code));
  return e;
}

[[noreturn]] void throw_js(Napi::Env env, const char* code, const std::string& message) {
  throw make_error(env, code, message);
}

template <typename T>
struct View {
  T* data = nullptr;
  size_t len = 0;
};

template <typename T>
View<T> typed(Napi::Env env, const Napi::Value& v, napi_typedarray_type type, const char* what, bool nullable = false) {
  View<T> out;
  if (nullable && (v.IsNull() || v.IsUndefined())) return out;
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type) {
    throw_js(env, "E_ARGUMENT", std::string(what) + " has the wrong type");
  }
  Napi::TypedArray ta = v.As<Napi::TypedArray>();
  out.len = ta.ElementLength();
  out.data = reinterpret_cast<T*>(static_cast<uint8_t*>(ta.ArrayBuffer().Data()) + ta.ByteOffset());
  return out;
}

View<float> f32(Napi::Env env, const Napi::Value& v, const char* what, bool nullable = false) {
  return typed<float>(env, v, napi_float32_array, what, nullable);
}
View<int32_t> i32(Napi::Env env, const Napi::Value& v, const char* what) {
  return typed<int32_t>(env, v, napi_int32_array, what);
}

int int_arg(Napi::Env env, const Napi::Value& v, const char* what, int min = 0) {
  if (!v.IsNumber()) throw_js(env, "E_ARGUMENT", std::string(what) + " must be a number");
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= min && d <= 2147483647.0) || d != (double)(int64_t)d) {
    throw_js(env, "E_ARGUMENT", std::string(what) + " must be an integer >= " + std::to_string(min));
  }
  return (int)d;
}

/** Shared state of one backend instance: pool, scratch, the kernel table and the light ops of the same ISA. */
struct Engine {
  Engine(int threads, const KernelTable& k) : pool(threads), ws(threads), kernels(k), misc(misc_ops(k.isa)) {}
  ThreadPool pool;
  Workspace ws;
  const KernelTable& kernels;
  const MiscOps& misc;
};

enum class Kind { SparseConv, DenseConv, Gemm, Spmm };

struct Plan {
  Kind kind;
  std::mutex mutex;
  SparseConvPlan sconv;
  PadBuffers pads;
  DenseConvPlan dconv;
  GemmPlan gemm;
  SpmmPlan spmm;
  size_t bytes = 0;

  int64_t in_per_item() const {
    switch (kind) {
      case Kind::SparseConv: return (int64_t)sconv.g.C * sconv.g.H * sconv.g.W;
      case Kind::DenseConv: return (int64_t)dconv.g.C * dconv.g.H * dconv.g.W;
      case Kind::Gemm: return gemm.K;
      default: return spmm.K;
    }
  }
  int64_t out_per_item() const {
    switch (kind) {
      case Kind::SparseConv: return (int64_t)sconv.g.O * sconv.g.outH * sconv.g.outW;
      case Kind::DenseConv: return (int64_t)dconv.g.O * dconv.g.outH * dconv.g.outW;
      case Kind::Gemm: return gemm.O;
      default: return spmm.O;
    }
  }
  void run(Engine& e, const float* in, int n, float* out) {
    if (kind == Kind::SparseConv && sconv.lanes != e.kernels.sconv_lanes) {
      fail("E_ARGUMENT", "the layer was prepared for another code path");
    }
    ThreadPool::Call call(e.pool);
    std::lock_guard<std::mutex> lock2(mutex);
    switch (kind) {
      case Kind::SparseConv: e.kernels.sparse_conv(sconv, pads, in, n, out, e.pool, e.ws); break;
      case Kind::DenseConv: e.kernels.dense_conv(dconv, in, n, out, e.pool, e.ws); break;
      case Kind::Gemm: e.kernels.gemm(gemm, in, n, out, e.pool, e.ws); break;
      case Kind::Spmm: e.kernels.spmm(spmm, in, n, out, e.pool, e.ws); break;
    }
  }
};

struct AddonData {
  Napi::FunctionReference handleCtor;
  Napi::FunctionReference contextCtor;
  bool avx2 = false;
  bool avx512 = false;
  KernelTable avx512Table{};  // AVX-512 sparse convolution + the AVX2 dense kernels
};

bool cpu_has_avx512() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && cpu_has_avx2();
#else
  return false;
#endif
}

class Handle : public Napi::ObjectWrap<Handle> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "Handle",
                       {InstanceMethod("dispose", &Handle::Dispose), InstanceAccessor("bytes", &Handle::Bytes, nullptr),
                        InstanceAccessor("disposed", &Handle::Disposed, nullptr),
                        InstanceAccessor("outPerItem", &Handle::OutPerItem, nullptr),
                        InstanceAccessor("inPerItem", &Handle::InPerItem, nullptr)});
  }
  explicit Handle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Handle>(info) {}
  std::shared_ptr<Plan> plan;

 private:
  Napi::Value Dispose(const Napi::CallbackInfo& info) {
    plan.reset();
    return info.Env().Undefined();
  }
  Napi::Value Bytes(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), plan ? (double)plan->bytes : 0); }
  Napi::Value Disposed(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), !plan); }
  Napi::Value OutPerItem(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), plan ? (double)plan->out_per_item() : 0);
  }
  Napi::Value InPerItem(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), plan ? (double)plan->in_per_item() : 0);
  }
};

/** Runs a prepared layer on a libuv worker thread; the typed arrays are kept alive by references until it ends. */
class RunWorker : public Napi::AsyncWorker {
 public:
  RunWorker(Napi::Env env, std::shared_ptr<Engine> engine, std::shared_ptr<Plan> plan, Napi::Value input,
            const float* in, int n, Napi::Value output, float* out)
      : Napi::AsyncWorker(env, "sparsecnn.run"),
        deferred_(Napi::Promise::Deferred::New(env)),
        engine_(std::move(engine)),
        plan_(std::move(plan)),
        in_(in),
        out_(out),
        n_(n) {
    inRef_ = Napi::Persistent(input.As<Napi::Object>());
    outRef_ = Napi::Persistent(output.As<Napi::Object>());
  }
  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  void Execute() override {
    try {
      plan_->run(*engine_, in_, n_, out_);
    } catch (const KernelError& e) {
      code_ = e.code();
      SetError(e.what());
    } catch (const std::exception& e) {
      code_ = "E_BACKEND";
      SetError(e.what());
    }
  }
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error& e) override {
    deferred_.Reject(make_error(Env(), code_, e.Message()).Value());
  }

 private:
  Napi::Promise::Deferred deferred_;
  std::shared_ptr<Engine> engine_;
  std::shared_ptr<Plan> plan_;
  Napi::ObjectReference inRef_, outRef_;
  const float* in_;
  float* out_;
  int n_;
  const char* code_ = "E_BACKEND";
};

class Context : public Napi::ObjectWrap<Context> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "Context",
                       {
                           InstanceMethod("dispose", &Context::Dispose),
                           InstanceMethod("info", &Context::Info),
                           InstanceMethod("prepareSparseConv", &Context::PrepareSparseConv),
                           InstanceMethod("prepareDenseConv", &Context::PrepareDenseConv),
                           InstanceMethod("prepareGemm", &Context::PrepareGemm),
                           InstanceMethod("prepareSpmm", &Context::PrepareSpmm),
                           InstanceMethod("run", &Context::Run),
                           InstanceMethod("runAsync", &Context::RunAsync),
                           InstanceMethod("pool2d", &Context::Pool2d),
                           InstanceMethod("relu", &Context::Relu),
                           InstanceMethod("lrn", &Context::Lrn),
                           InstanceMethod("softmax", &Context::Softmax),
                           InstanceMethod("eltwise", &Context::Eltwise),
                           InstanceMethod("channelAffine", &Context::ChannelAffine),
                           InstanceMethod("backward", &Context::Backward),
                       });
  }

  explicit Context(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Context>(info) {
    Napi::Env env = info.Env();
    AddonData* data = env.GetInstanceData<AddonData>();
    const int threads = int_arg(env, info[0], "threads", 1);
    if (threads > 1024) throw_js(env, "E_ARGUMENT", "threads must be at most 1024");
    const std::string isa = info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "auto";
    const KernelTable* table;
    if (isa == "scalar") {
      table = &scalar::kernels();
    } else if (isa == "avx512f") {
      if (!data->avx512) throw_js(env, "E_UNSUPPORTED", "this CPU lacks AVX-512F");
      table = &data->avx512Table;
    } else if (isa == "auto" && data->avx512) {
      table = &data->avx512Table;
    } else if (isa == "avx2" || isa == "auto") {
      if (data->avx2) {
        table = &avx2::kernels();
      } else if (isa == "auto") {
        table = &scalar::kernels();
      } else {
        throw_js(env, "E_UNSUPPORTED", "this CPU lacks AVX2+FMA");
      }
    } else {
      throw_js(env, "E_UNSUPPORTED", "isa '" + isa + "' is not built into the native backend (use 'avx512f', 'avx2' or 'scalar')");
    }
    engine_ = std::make_shared<Engine>(threads, *table);
  }

 private:
  std::shared_ptr<Engine> engine_;

  Engine& engine(Napi::Env env) {
    if (!engine_) throw_js(env, "E_DISPOSED", "the native backend was disposed");
    return *engine_;
  }

  template <typename F>
  Napi::Value guarded(Napi::Env env, F&& f) {
    try {
      return f();
    } catch (const KernelError& e) {
      throw make_error(env, e.code(), e.what());
    } catch (const std::bad_alloc&) {
      throw make_error(env, "E_OVERFLOW", "out of memory");
    }
  }

  Napi::Value Dispose(const Napi::CallbackInfo& info) {
    engine_.reset();
    return info.Env().Undefined();
  }

  Napi::Value Info(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Engine& e = engine(env);
    Napi::Object o = Napi::Object::New(env);
    o.Set("isa", e.kernels.isa);
    o.Set("threads", e.pool.size());
    o.Set("version", kVersion);
    return o;
  }

  Napi::Value wrap(Napi::Env env, std::shared_ptr<Plan> plan) {
    Napi::Object h = env.GetInstanceData<AddonData>()->handleCtor.New({});
    Handle::Unwrap(h)->plan = std::move(plan);
    return h;
  }

  static ConvGeometry geometry(Napi::Env env, const Napi::Value& v) {
    View<int32_t> a = i32(env, v, "geometry");
    if (a.len != 14) throw_js(env, "E_ARGUMENT", "geometry must hold 14 integers");
    ConvGeometry g;
    g.C = a.data[0]; g.H = a.data[1]; g.W = a.data[2]; g.O = a.data[3];
    g.kh = a.data[4]; g.kw = a.data[5]; g.sh = a.data[6]; g.sw = a.data[7];
    g.ph = a.data[8]; g.pw = a.data[9]; g.dh = a.data[10]; g.dw = a.data[11];
    g.groups = a.data[12]; g.relu = a.data[13] != 0;
    return g;
  }

  // prepareSparseConv(geometry: Int32Array(14), channelBlock, rowPtr, colIdx, values, bias | null)
  Napi::Value PrepareSparseConv(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    engine(env);
    return guarded(env, [&]() -> Napi::Value {
      ConvGeometry g = geometry(env, info[0]);
      const int cb = int_arg(env, info[1], "channelBlock", 0);
      auto rp = i32(env, info[2], "rowPtr");
      auto ci = i32(env, info[3], "colIdx");
      auto va = f32(env, info[4], "values");
      auto bi = f32(env, info[5], "bias", true);
      auto plan = std::make_shared<Plan>();
      plan->kind = Kind::SparseConv;
      plan->sconv = build_sparse_conv(g, cb, engine(env).kernels.sconv_lanes, rp.data, rp.len, ci.data, ci.len, va.data,
                                      va.len, bi.data, bi.len);
      const auto& P = plan->sconv;
      plan->bytes = P.offsets.size() * 4 + P.values.size() * 4 + P.blockPtr.size() * 4 + P.bias.size() * 4 +
                    (size_t)P.bufLen * 4;
      return wrap(env, plan);
    });
  }

  // prepareDenseConv(geometry, weights, bias | null)
  Napi::Value PrepareDenseConv(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    engine(env);
    return guarded(env, [&]() -> Napi::Value {
      ConvGeometry g = geometry(env, info[0]);
      auto w = f32(env, info[1], "weights");
      auto bi = f32(env, info[2], "bias", true);
      auto plan = std::make_shared<Plan>();
      plan->kind = Kind::DenseConv;
      plan->dconv = build_dense_conv(g, w.data, w.len, bi.data, bi.len);
      plan->bytes = (plan->dconv.apack.size() + plan->dconv.bias.size() + plan->dconv.wt.bpack.size() + plan->dconv.wt.bias.size()) * 4;
      return wrap(env, plan);
    });
  }

  // prepareGemm(O, K, relu, weights, bias | null)
  Napi::Value PrepareGemm(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    engine(env);
    return guarded(env, [&]() -> Napi::Value {
      const int O = int_arg(env, info[0], "O", 1), K = int_arg(env, info[1], "K", 1);
      const bool relu = info[2].ToBoolean();
      auto w = f32(env, info[3], "weights");
      auto bi = f32(env, info[4], "bias", true);
      auto plan = std::make_shared<Plan>();
      plan->kind = Kind::Gemm;
      plan->gemm = build_gemm(O, K, relu, w.data, w.len, bi.data, bi.len);
      plan->bytes = (plan->gemm.bpack.size() + plan->gemm.bias.size()) * 4;
      return wrap(env, plan);
    });
  }

  // prepareSpmm(O, K, relu, rowPtr, colIdx, values, bias | null)
  Napi::Value PrepareSpmm(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    engine(env);
    return guarded(env, [&]() -> Napi::Value {
      const int O = int_arg(env, info[0], "O", 1), K = int_arg(env, info[1], "K", 1);
      const bool relu = info[2].ToBoolean();
      auto rp = i32(env, info[3], "rowPtr");
      auto ci = i32(env, info[4], "colIdx");
      auto va = f32(env, info[5], "values");
      auto bi = f32(env, info[6], "bias", true);
      auto plan = std::make_shared<Plan>();
      plan->kind = Kind::Spmm;
      plan->spmm = build_spmm(O, K, relu, rp.data, rp.len, ci.data, ci.len, va.data, va.len, bi.data, bi.len);
      const auto& P = plan->spmm;
      plan->bytes = P.rowPtr.size() * 4 + P.cols.size() * 2 + P.values.size() * 4 + P.bias.size() * 4;
      return wrap(env, plan);
    });
  }

  struct RunArgs {
    std::shared_ptr<Plan> plan;
    View<float> in, out;
    int n;
  };

  RunArgs run_args(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    AddonData* data = env.GetInstanceData<AddonData>();
    if (!info[0].IsObject() || !info[0].As<Napi::Object>().InstanceOf(data->handleCtor.Value())) {
      throw_js(env, "E_ARGUMENT", "not a prepared native handle");
    }
    RunArgs a;
    a.plan = Handle::Unwrap(info[0].As<Napi::Object>())->plan;
    if (!a.plan) throw_js(env, "E_DISPOSED", "the prepared layer was disposed");
    a.in = f32(env, info[1], "input");
    a.n = int_arg(env, info[2], "batch", 0);
    a.out = f32(env, info[3], "output");
    if ((int64_t)a.in.len != a.plan->in_per_item() * a.n) {
      throw_js(env, "E_SHAPE", "input has " + std::to_string(a.in.len) + " values, needs " +
                                    std::to_string(a.plan->in_per_item() * a.n));
    }
    if ((int64_t)a.out.len != a.plan->out_per_item() * a.n) {
      throw_js(env, "E_SHAPE", "output has " + std::to_string(a.out.len) + " values, needs " +
                                    std::to_string(a.plan->out_per_item() * a.n));
    }
    if (a.n > 0) {
      const char* ib = reinterpret_cast<const char*>(a.in.data);
      const char* ob = reinterpret_cast<const char*>(a.out.data);
      if (ib < ob + a.out.len * 4 && ob < ib + a.in.len * 4) throw_js(env, "E_ARGUMENT", "output must not overlap the input");
    }
    return a;
  }

  // run(handle, input, n, output)
  Napi::Value Run(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Engine& e = engine(env);
    RunArgs a = run_args(info);
    return guarded(env, [&]() -> Napi::Value {
      if (a.n > 0) a.plan->run(e, a.in.data, a.n, a.out.data);
      return env.Undefined();
    });
  }

  // runAsync(handle, input, n, output) -> Promise<void>
  Napi::Value RunAsync(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    engine(env);
    RunArgs a = run_args(info);
    auto* w = new RunWorker(env, engine_, a.plan, info[1], a.in.data, a.n, info[3], a.out.data);
    Napi::Promise p = w->Promise();
    w->Queue();
    return p;
  }

  // pool2d(input, output, Int32Array[N, C, H, W, outH, outW, kh, kw, sh, sw, ph, pw, isMax])
  Napi::Value Pool2d(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Engine& e = engine(env);
    auto in = f32(env, info[0], "input");
    auto out = f32(env, info[1], "output");
    auto p = i32(env, info[2], "pool params");
    if (p.len != 13) throw_js(env, "E_ARGUMENT", "pool params must hold 13 integers");
    PoolArgs a{p.data[0], p.data[1], p.data[2], p.data[3], p.data[4], p.data[5], p.data[6],
               p.data[7], p.data[8], p.data[9], p.data[10], p.data[11], p.data[12] != 0};
    for (int i = 0; i < 12; i++)
      if (p.data[i] < (i >= 10 ? 0 : 1) && !(i < 2 && p.data[i] == 0)) throw_js(env, "E_ARGUMENT", "bad pool params");
    if (a.ph >= a.kh || a.pw >= a.kw) throw_js(env, "E_ARGUMENT", "pool pad must be smaller than the kernel");
    if ((int64_t)in.len != (int64_t)a.N * a.C * a.H * a.W || (int64_t)out.len != (int64_t)a.N * a.C * a.outH * a.outW) {
      throw_js(env, "E_SHAPE", "pool input/output sizes do not match the params");
    }
    // every window must start inside the padded input (Caffe's clip guarantees it); check so no window is empty
    if ((int64_t)(a.outH - 1) * a.sh >= (int64_t)a.H + a.ph || (int64_t)(a.outW - 1) * a.sw >= (int64_t)a.W + a.pw) {
      throw_js(env, "E_SHAPE", "pool output size exceeds the input");
    }
    ThreadPool::Call call(e.pool);
    e.misc.pool2d(a, in.data, out.data, e.pool);
    return env.Undefined();
  }

  // relu(input, output, slope)
  Napi::Value Relu(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Engine& e = engine(env);
    auto in = f32(env, info[0], "input");
    auto out = f32(env, info[1], "output");
    if (in.len != out.len) throw_js(env, "E_SHAPE", "relu output size differs from the input");
    const float slope = (float)info[2].ToNumber().DoubleValue();
    ThreadPool::Call call(e.pool);
    e.misc.relu(in.data, out.data, (int64_t)in.len, slope, e.pool);
    return env.Undefined();
  }

  // lrn(input, output, Int32Array[N, C, H, W, size, across], Float64Array? -> numbers alpha, beta, k)
  Napi::Value Lrn(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Engine& e = engine(env);
    auto in = f32(env, info[0], "input");
    auto out = f32(env, info[1], "output");
    auto p = i32(env, info[2], "lrn params");
    if (p.len != 6) throw_js(env, "E_ARGUMENT", "lrn params must hold 6 integers");
    for (int i = 0; i < 5; i++)
      if (p.data[i] < (i == 0 ? 0 : 1)) throw_js(env, "E_ARGUMENT", "bad lrn params");
    if ((int64_t)in.len != (int64_t)p.data[0] * p.data[1] * p.data[2] * p.data[3] || in.len != out.len) {
      throw_js(env, "E_SHAPE", "lrn input/output sizes do not match the params");
    }
    if (in.data == out.data) throw_js(env, "E_ARGUMENT", "lrn cannot run in place");
    const float alpha = (float)info[3].ToNumber().DoubleValue(), beta = (float)info[4].ToNumber().DoubleValue(),
                k = (float)info[5].ToNumber().DoubleValue();
    ThreadPool::Call call(e.pool);
    e.misc.lrn(in.data, out.data, p.data[0], p.data[1], p.data[2], p.data[3], p.data[4], alpha, beta, k, p.data[5] != 0, e.pool);
    return env.Undefined();
  }

  // softmax(input, output, outer, len, inner)
  Napi::Value Softmax(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Engine& e = engine(env);
    auto in = f32(env, info[0], "input");
    auto out = f32(env, info[1], "output");
    const int64_t outer = int_arg(env, info[2], "outer"), len = int_arg(env, info[3], "len", 1),
                  inner = int_arg(env, info[4], "inner");
    if ((int64_t)in.len != outer * len * inner || in.len != out.len) throw_js(env, "E_SHAPE", "softmax sizes do not match");
    ThreadPool::Call call(e.pool);
    e.misc.softmax(in.data, out.data, outer, len, inner, e.pool);
    return env.Undefined();
  }

  // eltwise([inputs], output, op, Float32Array coeffs, relu?)
  Napi::Value Eltwise(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Engine& e = engine(env);
    if (!info[0].IsArray()) throw_js(env, "E_ARGUMENT", "eltwise inputs must be an array");
    Napi::Array arr = info[0].As<Napi::Array>();
    auto out = f32(env, info[1], "output");
    const int op = int_arg(env, info[2], "op");
    auto co = f32(env, info[3], "coeffs");
    const uint32_t count = arr.Length();
    const bool relu = info.Length() > 4 && info[4].ToBoolean().Value();
    if (count < 1 || co.len != count || op < 0 || op > 2) throw_js(env, "E_ARGUMENT", "bad eltwise arguments");
    std::vector<const float*> ptrs(count);
    for (uint32_t i = 0; i < count; i++) {
      auto v = f32(env, arr.Get(i), "eltwise input");
      if (v.len != out.len) throw_js(env, "E_SHAPE", "eltwise inputs must have the output's size");
      ptrs[i] = v.data;
    }
    ThreadPool::Call call(e.pool);
    e.misc.eltwise(ptrs.data(), (int)count, co.data, op, relu, out.data, (int64_t)out.len, e.pool);
    return env.Undefined();
  }

  // backward(op, ...args): the training kernels of backward.cc (validated there), on this context's pool.
  Napi::Value Backward(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Engine& e = engine(env);
    return guarded(env, [&]() -> Napi::Value {
      ThreadPool::Call call(e.pool);
      return backward_call(info, e.pool);
    });
  }

  // channelAffine(input, output, outer, C, inner, mul, add | null)
  Napi::Value ChannelAffine(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    Engine& e = engine(env);
    auto in = f32(env, info[0], "input");
    auto out = f32(env, info[1], "output");
    const int64_t outer = int_arg(env, info[2], "outer");
    const int C = int_arg(env, info[3], "C", 1);
    const int64_t inner = int_arg(env, info[4], "inner");
    auto mul = f32(env, info[5], "scale");
    auto add = f32(env, info[6], "bias", true);
    if ((int64_t)in.len != outer * C * inner || in.len != out.len || mul.len != (size_t)C ||
        (add.data && add.len != (size_t)C)) {
      throw_js(env, "E_SHAPE", "channel affine sizes do not match");
    }
    ThreadPool::Call call(e.pool);
    e.misc.channel_affine(in.data, out.data, outer, C, inner, mul.data, add.data, e.pool);
    return env.Undefined();
  }
};

/**
 * poolGovernorTrace(maxThreads, events: Float64Array) -> Int32Array: replays events through a fresh PoolGovernor
 * (the thread pool's decision logic) and returns threads(now) after each. An event is 4 numbers [kind, now_ns, a, b]:
 * kind 0 = load sample (a = other runnable tasks, b = cpus), 1 = parallel job (a = caller's wait ns for the workers,
 * b = the longest task the caller ran, ns; 0 = none),
 * 2 = query only. For tests: the decisions without clocks or a loaded machine.
 */
Napi::Value PoolGovernorTrace(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int maxThreads = int_arg(env, info[0], "maxThreads", 1);
  auto ev = typed<double>(env, info[1], napi_float64_array, "events");
  if (ev.len % 4 != 0) throw_js(env, "E_ARGUMENT", "events must hold 4 numbers per event");
  PoolGovernor gov(maxThreads);
  const size_t count = ev.len / 4;
  Napi::Int32Array out = Napi::Int32Array::New(env, count);
  for (size_t i = 0; i < count; i++) {
    const double* e = ev.data + i * 4;
    const int64_t now = (int64_t)e[1];
    if (e[0] == 0) {
      gov.on_load(now, (int)e[2], (int)e[3]);
    } else if (e[0] == 1) {
      gov.on_job(now, (int64_t)e[2], (int64_t)e[3]);
    } else if (e[0] != 2) {
      throw_js(env, "E_ARGUMENT", "event kind must be 0, 1 or 2");
    }
    out[i] = gov.threads(now);
  }
  return out;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData();
  data->avx2 = cpu_has_avx2();
  data->avx512 = cpu_has_avx512();
  data->avx512Table = avx2::kernels();
  data->avx512Table.isa = "avx512f";
  data->avx512Table.sconv_lanes = avx512::kernels().sconv_lanes;
  data->avx512Table.sparse_conv = avx512::kernels().sparse_conv;
  data->avx512Table.dense_conv = avx512::kernels().dense_conv;
  data->avx512Table.gemm = avx512::kernels().gemm;
  Napi::Function handle = Handle::Init(env);
  Napi::Function context = Context::Init(env);
  data->handleCtor = Napi::Persistent(handle);
  data->contextCtor = Napi::Persistent(context);
  env.SetInstanceData<AddonData>(data);
  Napi::Object cpu = Napi::Object::New(env);
  cpu.Set("avx2", Napi::Boolean::New(env, data->avx2));
  cpu.Set("avx512f", Napi::Boolean::New(env, data->avx512));
  exports.Set("cpu", cpu);
  exports.Set("version", Napi::String::New(env, kVersion));
  exports.Set("Context", context);
  exports.Set("Handle", handle);
  exports.Set("poolGovernorTrace", Napi::Function::New(env, PoolGovernorTrace, "poolGovernorTrace"));
  return exports;
}

}  // namespace

}  // namespace sparsecnn

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return sparsecnn::Init(env, exports); }

NODE_API_MODULE(sparsecnn, InitAddon)
