// Load-time layout work (PAPER-NOTES §1.2-1.3) and the native re-validation of every prepared array: whatever the
// TypeScript layer checked, nothing here trusts a length, an index or an offset it has not checked itself.
#include "plans.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <string>

#include "errors.h"

namespace sparsecnn {

namespace {
constexpr int64_t kMaxIndex = std::numeric_limits<int32_t>::max();

std::string str(int64_t v) { return std::to_string(v); }

void check_bias(const float* bias, size_t biasLen, int n) {
  if (bias != nullptr) require(biasLen == (size_t)n, "E_SHAPE", "bias has " + str(biasLen) + " values, needs " + str(n));
}

std::vector<float> bias_vector(const float* bias, int n) {
  std::vector<float> b(n, 0.0f);
  if (bias != nullptr) std::copy(bias, bias + n, b.begin());
  return b;
}

/** CSR invariants: rowPtr of rows+1 starting at 0, non-decreasing, ending at nnz; columns ascending in [0, cols). */
void check_csr(int rows, int64_t cols, const int32_t* rowPtr, size_t rowPtrLen, const int32_t* colIdx, size_t colLen,
               size_t valLen) {
  require(rowPtrLen == (size_t)rows + 1, "E_SHAPE", "rowPtr has " + str(rowPtrLen) + " entries, needs " + str(rows + 1));
  require(colLen == valLen, "E_SHAPE", "colIdx has " + str(colLen) + " entries but values " + str(valLen));
  require(rowPtr[0] == 0, "E_RANGE", "rowPtr[0] must be 0");
  for (int r = 0; r < rows; r++) {
    require(rowPtr[r + 1] >= rowPtr[r], "E_RANGE", "rowPtr decreases at row " + str(r));
  }
  require((size_t)rowPtr[rows] == colLen, "E_RANGE", "rowPtr ends at " + str(rowPtr[rows]) + ", nnz is " + str(colLen));
  for (int r = 0; r < rows; r++) {
    int64_t prev = -1;
    for (int32_t j = rowPtr[r]; j < rowPtr[r + 1]; j++) {
      const int64_t c = colIdx[j];
      require(c > prev && c < cols, "E_RANGE",
              "column index " + str(c) + " at entry " + str(j) + " (row " + str(r) + ") is out of range or not ascending");
      prev = c;
    }
  }
}
}  // namespace

void finish_geometry(ConvGeometry& g) {
  require(g.C >= 1 && g.H >= 1 && g.W >= 1 && g.O >= 1 && g.groups >= 1, "E_ARGUMENT", "conv sizes must be positive");
  require(g.kh >= 1 && g.kw >= 1 && g.sh >= 1 && g.sw >= 1 && g.dh >= 1 && g.dw >= 1 && g.ph >= 0 && g.pw >= 0,
          "E_ARGUMENT", "conv kernel/stride/dilation must be >= 1 and pad >= 0");
  require(g.C % g.groups == 0 && g.O % g.groups == 0, "E_SHAPE", "groups must divide the channel counts");
  const int64_t spanH = (int64_t)g.H + 2 * g.ph - ((int64_t)g.dh * (g.kh - 1) + 1);
  const int64_t spanW = (int64_t)g.W + 2 * g.pw - ((int64_t)g.dw * (g.kw - 1) + 1);
  require(spanH >= 0 && spanW >= 0, "E_SHAPE", "kernel extent exceeds the padded input");
  g.outH = (int)(spanH / g.sh + 1);
  g.outW = (int)(spanW / g.sw + 1);
  require((int64_t)g.C * (g.H + 2 * g.ph) * (g.W + 2 * g.pw + 8) < kMaxIndex &&
              (int64_t)g.O * g.outH * g.outW < kMaxIndex && (int64_t)g.C * g.H * g.W < kMaxIndex,
          "E_OVERFLOW", "convolution exceeds int32 indexing");
}

SparseConvPlan build_sparse_conv(const ConvGeometry& geometry, int channelBlock, int lanes, const int32_t* rowPtr,
                                 size_t rowPtrLen, const int32_t* colIdx, size_t colLen, const float* values,
                                 size_t valLen, const float* bias, size_t biasLen) {
  require(lanes == 8 || lanes == 16, "E_ARGUMENT", "unsupported vector width");
  SparseConvPlan P;
  P.lanes = lanes;
  P.g = geometry;
  ConvGeometry& g = P.g;
  finish_geometry(g);
  const int Cg = g.Cg(), Og = g.Og();
  const int khw = g.kh * g.kw;
  check_csr(g.O, (int64_t)Cg * khw, rowPtr, rowPtrLen, colIdx, colLen, valLen);
  check_bias(bias, biasLen, g.O);
  if (channelBlock < 1 || channelBlock > Cg || Cg % channelBlock != 0) channelBlock = Cg;
  const int nb = Cg / channelBlock;
  P.numBlocks = nb;
  const int Wp = g.W + 2 * g.pw;
  // Round each phase up to whole 8-float vectors: rows start 32-byte aligned, fewer loads straddle cache lines.
  // AVX-512: whole 16-float rows (64-byte aligned, one cache line per load with the shifted copies below).
  P.phaseLen = ((Wp + g.sw - 1) / g.sw + lanes - 1) / lanes * lanes;
  P.rowPitch = g.sw * P.phaseLen;
  P.padRows = g.H + 2 * g.ph;
  P.chanStride = (int64_t)P.padRows * P.rowPitch;
  P.vecPerRow = (g.outW + lanes - 1) / lanes;
  // (bounded: a huge input keeps one copy rather than multiplying its buffer)
  // Only while the copies stay small (768 KB: conv3 yes, conv2 with 5 copies at 1.9 MB no); measured a wash for
  // conv4/5 (1.1 MB), where the larger buffer spills L2 in a real network.
  P.copies = (g.sw == 1 && g.kw > 1 && g.kw <= 16 && (int64_t)g.kw * g.C * P.chanStride <= ((int64_t)3 << 16)) ? g.kw : 1;
  P.shiftMode = lanes == 16 && g.sw == 1 && g.kw >= 2 && P.vecPerRow <= 2 && P.rowPitch == 16 * P.vecPerRow &&
                std::getenv("SPARSECNN_NO_SHIFT") == nullptr;
  P.pointwise = g.kh == 1 && g.kw == 1 && g.sh == 1 && g.sw == 1 && g.ph == 0 && g.pw == 0 &&
                (int64_t)g.H * g.W >= lanes && std::getenv("SPARSECNN_NO_POINTWISE") == nullptr;
  if (P.pointwise) {
    P.shiftMode = false;
    P.pwPitch = ((int64_t)g.H * g.W + lanes - 1) / lanes * lanes;
    require((int64_t)g.C * P.pwPitch < kMaxIndex, "E_OVERFLOW", "padded input exceeds int32 indexing");
  }
  if (P.shiftMode || P.pointwise) P.copies = 1;
  P.copyStride = P.copies > 1 ? (int64_t)g.C * P.chanStride : 0;
  const size_t nnz = colLen;
  P.offsets.resize(nnz);
  P.values.assign(values, values + nnz);
  P.blockPtr.assign((size_t)g.O * (nb + 1), 0);
  int64_t maxOff = 0;
  for (int oc = 0; oc < g.O; oc++) {
    const int gi = oc / Og;
    int32_t* bp = P.blockPtr.data() + (int64_t)oc * (nb + 1);
    int block = 0;
    bp[0] = rowPtr[oc];
    for (int32_t j = rowPtr[oc]; j < rowPtr[oc + 1]; j++) {
      const int col = colIdx[j];
      const int kq = col % g.kw, kr = (col / g.kw) % g.kh, ic = col / khw;
      const int xk = kq * g.dw;
      const int64_t off = P.pointwise ? (int64_t)(gi * Cg + ic) * P.pwPitch
                          : P.shiftMode ? (int64_t)(gi * Cg + ic) * P.chanStride + (int64_t)kr * g.dh * P.rowPitch
                          : P.copies > 1
                              ? (int64_t)kq * P.copyStride + (int64_t)(gi * Cg + ic) * P.chanStride +
                                    (int64_t)kr * g.dh * P.rowPitch
                              : (int64_t)(gi * Cg + ic) * P.chanStride + (int64_t)kr * g.dh * P.rowPitch +
                                    (int64_t)(xk % g.sw) * P.phaseLen + xk / g.sw;
      maxOff = std::max(maxOff, off);
      P.offsets[j] = (int32_t)off;
      const int ib = ic / channelBlock;
      while (block < ib) bp[++block] = j;
    }
    while (block < nb) bp[++block] = rowPtr[oc + 1];
  }
  if (P.shiftMode) {
    // reorder every (row, block) segment by kernel column, descending (stable: ic, kr order kept inside)
    P.kcPtr.assign((size_t)g.O * nb * (g.kw + 1), 0);
    std::vector<int32_t> tmpOff;
    std::vector<float> tmpVal;
    for (int oc = 0; oc < g.O; oc++) {
      for (int b = 0; b < nb; b++) {
        const int32_t j0 = P.blockPtr[(size_t)oc * (nb + 1) + b], j1 = P.blockPtr[(size_t)oc * (nb + 1) + b + 1];
        int32_t* kp = P.kcPtr.data() + ((size_t)oc * nb + b) * (g.kw + 1);
        tmpOff.clear();
        tmpVal.clear();
        kp[0] = j0;
        for (int q = g.kw - 1, gidx = 0; q >= 0; q--, gidx++) {
          for (int32_t j = j0; j < j1; j++) {
            if (colIdx[j] % g.kw != q) continue;
            tmpOff.push_back(P.offsets[j]);
            tmpVal.push_back(P.values[j]);
          }
          kp[gidx + 1] = j0 + (int32_t)tmpOff.size();
        }
        std::copy(tmpOff.begin(), tmpOff.end(), P.offsets.begin() + j0);
        std::copy(tmpVal.begin(), tmpVal.end(), P.values.begin() + j0);
      }
    }
  }
  if (P.pointwise) {
    // the kernel reads [off, off + pwPitch) of one image (the input itself, or its copy at pitch pwPitch)
    P.bufLen = (int64_t)g.C * P.pwPitch;
    for (size_t j = 0; j < nnz; j++) {
      require(P.offsets[j] >= 0 && (int64_t)P.offsets[j] + P.pwPitch <= P.bufLen, "E_RANGE",
              "offset out of the input image at entry " + str((int64_t)j));
    }
  } else {
    const int64_t maxRead = (int64_t)(g.outH - 1) * g.sh * P.rowPitch + (int64_t)P.vecPerRow * lanes - 1 + maxOff;
    P.bufLen = std::max((int64_t)P.copies * g.C * P.chanStride, maxRead + 1);
    require(P.bufLen < kMaxIndex, "E_OVERFLOW", "padded input exceeds int32 indexing");
    // Re-check what the kernel relies on: every read stays inside the buffer.
    for (size_t j = 0; j < nnz; j++) {
      require(P.offsets[j] >= 0 && (int64_t)P.offsets[j] + maxRead - maxOff < P.bufLen, "E_RANGE",
              "offset out of the padded buffer at entry " + str((int64_t)j));
    }
  }
  P.bias = bias_vector(bias, g.O);
  // Read here (prepare runs on the JS thread), never from a kernel that may run on a libuv worker.
  if (const char* e = std::getenv("SPARSECNN_OC_BLOCK")) P.ocBlock = std::max(0, std::atoi(e));
  if (const char* e = std::getenv("SPARSECNN_TILE_ROWS")) P.maxTileRows = std::max(0, std::atoi(e));
  return P;
}

DenseConvPlan build_dense_conv(const ConvGeometry& geometry, const float* weights, size_t weightLen, const float* bias,
                               size_t biasLen) {
  DenseConvPlan P;
  P.g = geometry;
  ConvGeometry& g = P.g;
  finish_geometry(g);
  const int Cg = g.Cg(), Og = g.Og();
  P.K = Cg * g.kh * g.kw;
  require(weightLen == (size_t)g.O * P.K, "E_SHAPE",
          "weights have " + str(weightLen) + " values, need " + str((int64_t)g.O * P.K));
  check_bias(bias, biasLen, g.O);
  P.pointwise = g.kh == 1 && g.kw == 1 && g.sh == 1 && g.sw == 1 && g.ph == 0 && g.pw == 0;
  P.bias = bias_vector(bias, g.O);
  if (g.groups == 1 && (int64_t)g.outH * g.outW <= kDenseTMaxHW && std::getenv("SPARSECNN_DENSE_NO_T") == nullptr) {
    P.transposed = true;
    P.wt = build_gemm(g.O, P.K, g.relu, weights, weightLen, bias, biasLen);
    P.tPadH = g.H + 2 * g.ph;
    P.tPadW = g.W + 2 * g.pw;
    require((int64_t)g.C * P.tPadH * P.tPadW < kMaxIndex, "E_RANGE", "padded dense conv input too large");
    P.tkoff.resize(P.K);
    const int khw = g.kh * g.kw;
    for (int k = 0; k < P.K; k++) {
      const int c = k / khw, kr = (k % khw) / g.kw, kq = k % g.kw;
      P.tkoff[k] = (int32_t)(((int64_t)c * P.tPadH + (int64_t)kr * g.dh) * P.tPadW + (int64_t)kq * g.dw);
    }
    return P;
  }
  P.panels = (Og + 5) / 6;
  P.apack.assign((size_t)g.groups * P.panels * P.K * 6, 0.0f);
  for (int gi = 0; gi < g.groups; gi++)
    for (int p = 0; p < P.panels; p++)
      for (int r = 0; r < 6; r++) {
        const int o = p * 6 + r;
        if (o >= Og) continue;
        const float* w = weights + (int64_t)(gi * Og + o) * P.K;
        float* a = P.apack.data() + ((int64_t)gi * P.panels + p) * P.K * 6 + r;
        for (int k = 0; k < P.K; k++) a[(int64_t)k * 6] = w[k];
      }
  // Implicit-GEMM layout (used by the AVX-512 table only; the others ignore it).
  if (!P.pointwise && g.sw == 1 && std::getenv("SPARSECNN_DENSE_IM2COL") == nullptr) {
    const int Wp = g.W + 2 * g.pw;
    P.rowPitch = (Wp + 15) / 16 * 16;
    P.padRows = g.H + 2 * g.ph;
    P.chanStride = (int64_t)P.padRows * P.rowPitch;
    P.vecPerRow = (g.outW + 15) / 16;
    const int64_t maxBase = (int64_t)(g.outH - 1) * g.sh * P.rowPitch + (int64_t)(P.vecPerRow - 1) * 16 + 15;
    const int64_t maxOff = (int64_t)(Cg - 1 + (int64_t)(g.groups - 1) * Cg) * P.chanStride +
                           (int64_t)(g.kh - 1) * g.dh * P.rowPitch + (int64_t)(g.kw - 1) * g.dw;
    P.bufLen = std::max((int64_t)g.C * P.chanStride, maxOff + maxBase + 1);
    if (P.bufLen < kMaxIndex && P.bufLen <= ((int64_t)1 << 26)) {
      P.direct = true;
      P.koff.resize(P.K);
      const int khw = g.kh * g.kw;
      for (int k = 0; k < P.K; k++) {
        const int c = k / khw, kr = (k % khw) / g.kw, kq = k % g.kw;
        P.koff[k] = (int32_t)((int64_t)c * P.chanStride + (int64_t)kr * g.dh * P.rowPitch + (int64_t)kq * g.dw);
        require((int64_t)P.koff[k] + (int64_t)(g.groups - 1) * Cg * P.chanStride + maxBase < P.bufLen, "E_RANGE",
                "dense conv offset out of the padded buffer");
      }
    }
  }
  return P;
}

GemmPlan build_gemm(int O, int K, bool relu, const float* weights, size_t weightLen, const float* bias, size_t biasLen) {
  require(O >= 1 && K >= 1, "E_ARGUMENT", "inner product sizes must be positive");
  require((int64_t)O * K < kMaxIndex * 2 && weightLen == (size_t)O * K, "E_SHAPE",
          "weights have " + str(weightLen) + " values, need " + str((int64_t)O * K));
  check_bias(bias, biasLen, O);
  GemmPlan P;
  P.O = O;
  P.K = K;
  P.relu = relu;
  P.panels = (O + 15) / 16;
  P.bpack.assign((size_t)P.panels * K * 16, 0.0f);
  for (int o = 0; o < O; o++) {
    const float* w = weights + (int64_t)o * K;
    float* b = P.bpack.data() + (int64_t)(o / 16) * K * 16 + (o % 16);
    for (int k = 0; k < K; k++) b[(int64_t)k * 16] = w[k];
  }
  P.bias = bias_vector(bias, O);
  // Pad the bias to whole panels so the micro-kernel's masked bias loads never leave it.
  P.bias.resize((size_t)P.panels * 16, 0.0f);
  return P;
}

SpmmPlan build_spmm(int O, int K, bool relu, const int32_t* rowPtr, size_t rowPtrLen, const int32_t* colIdx,
                    size_t colLen, const float* values, size_t valLen, const float* bias, size_t biasLen) {
  require(O >= 1 && K >= 1, "E_ARGUMENT", "inner product sizes must be positive");
  check_csr(O, K, rowPtr, rowPtrLen, colIdx, colLen, valLen);
  check_bias(bias, biasLen, O);
  SpmmPlan P;
  P.O = O;
  P.K = K;
  P.relu = relu;
  P.numBlocks = (int)(((int64_t)K + 65535) / 65536);  // int64: K near INT32_MAX must not overflow (UBSan, fuzz)
  const int nb = P.numBlocks;
  P.rowPtr.assign((size_t)nb * (O + 1), 0);
  // count entries per (block, row), then prefix sums block-major
  std::vector<int64_t> count((size_t)nb * O, 0);
  for (int r = 0; r < O; r++)
    for (int32_t j = rowPtr[r]; j < rowPtr[r + 1]; j++) count[(size_t)(colIdx[j] >> 16) * O + r]++;
  int64_t run = 0;
  for (int b = 0; b < nb; b++) {
    int32_t* rp = P.rowPtr.data() + (size_t)b * (O + 1);
    for (int r = 0; r < O; r++) {
      rp[r] = (int32_t)run;
      run += count[(size_t)b * O + r];
    }
    rp[O] = (int32_t)run;
  }
  P.cols.resize(colLen);
  P.values.resize(colLen);
  std::vector<int32_t> fill(P.rowPtr.begin(), P.rowPtr.end());
  for (int r = 0; r < O; r++)
    for (int32_t j = rowPtr[r]; j < rowPtr[r + 1]; j++) {
      const int b = colIdx[j] >> 16;
      const int32_t dst = fill[(size_t)b * (O + 1) + r]++;
      P.cols[dst] = (uint16_t)(colIdx[j] & 0xffff);
      P.values[dst] = values[j];
    }
  P.bias = bias_vector(bias, O);
  return P;
}

}  // namespace sparsecnn
