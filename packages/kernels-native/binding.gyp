{
  # Kernels are compiled once per ISA into separate static libraries (their own flags), then linked into one
  # addon that picks a table at load time (PAPER-NOTES §1.4, STYLE §4). C++ exceptions are ON (node_addon_api_except).
  # One family per file, ISA-suffixed (native/kernels/<family>_<isa>.cc includes <family>.inc); see the README.
  'target_defaults': {
    'cflags!': ['-fno-exceptions', '-O2', '-O0'],
    'cflags_cc!': ['-fno-exceptions', '-std=gnu++17', '-std=c++17', '-O2', '-O0'],
    'cflags': ['-O3', '-fPIC', '-Wall', '-Wextra', '-fexceptions', '-fno-math-errno'],
    'cflags_cc': ['-std=c++17', '-O3', '-fPIC', '-Wall', '-Wextra', '-fexceptions', '-fno-math-errno'],
    'include_dirs': ['native'],
  },
  'targets': [
    {
      'target_name': 'sparsecnn_kernels_avx2',
      'type': 'static_library',
      'sources': [
        'native/kernels/sparse_conv_avx2.cc',
        'native/kernels/dense_conv_avx2.cc',
        'native/kernels/gemm_avx2.cc',
        'native/kernels/spmm_avx2.cc',
        'native/misc_ops_avx2.cc',
      ],
      'cflags_cc': ['-mavx2', '-mfma', '-mf16c'],
    },
    {
      'target_name': 'sparsecnn_kernels_avx512',
      'type': 'static_library',
      'sources': [
        'native/kernels/sparse_conv_avx512.cc',
        'native/kernels/dense_conv_avx512.cc',
        'native/kernels/gemm_avx512.cc',
        'native/misc_ops_avx512.cc',
      ],
      # GCC 12 reports a false maybe-uninitialized inside its own avx512fintrin.h (_mm512_set1_ps)
      'cflags_cc': ['-mavx512f', '-mavx2', '-mfma', '-Wno-maybe-uninitialized'],
    },
    {
      'target_name': 'sparsecnn_kernels_scalar',
      'type': 'static_library',
      'sources': [
        'native/kernels/sparse_conv_scalar.cc',
        'native/kernels/dense_conv_scalar.cc',
        'native/kernels/gemm_scalar.cc',
        'native/kernels/spmm_scalar.cc',
        'native/misc_ops_scalar.cc',
      ],
    },
    {
      'target_name': 'sparsecnn',
      'dependencies': [
        "<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except",
        'sparsecnn_kernels_avx2',
        'sparsecnn_kernels_avx512',
        'sparsecnn_kernels_scalar',
      ],
      'sources': [
        'native/addon.cc',
        'native/kernels/tables.cc',
        'native/thread_pool.cc',
        'native/misc_ops.cc',
        'native/plans.cc',
        'native/backward.cc',
      ],
      'defines': ['NAPI_VERSION=8', 'NODE_ADDON_API_DISABLE_DEPRECATED'],
      'ldflags': ['-pthread'],
      'cflags_cc': ['-pthread'],
    },
  ],
}
