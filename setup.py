"""Python package `pricer`: a CPython extension on pricer's C library (python/).

Installed offline from the checkout, no PyPI (Debian python3-dev, python3-setuptools,
python3-venv):

    python3 -m venv --system-site-packages V
    V/bin/pip install --no-build-isolation --no-index .

By default the extension compiles the library's sources (src/) into itself. With
PRICER_LIBRARY=/path/to/libpricer.a (a CMake build's position-independent static library,
e.g. build/libpricer.a) it links that instead, which takes a few seconds.
"""
import glob
import os

from setuptools import Extension, setup

root = os.path.dirname(os.path.abspath(__file__))
rel = os.path.relpath(root)  # setuptools wants relative source paths


def version():
    with open(os.path.join(root, "include", "pricer", "version.h")) as f:
        for line in f:
            if "define PRICER_VERSION_STRING" in line:
                return line.split('"')[1]
    raise RuntimeError("no PRICER_VERSION_STRING in include/pricer/version.h")


sources = [os.path.join(rel, "python", "pricer", f) for f in ("_pricer.c", "_pricer_stages.c", "_pricer_run.c")]
extra_objects = []
define_macros = []
lib = os.environ.get("PRICER_LIBRARY")
if lib:
    extra_objects.append(lib)
else:
    sources += sorted(os.path.relpath(p) for p in glob.glob(os.path.join(root, "src", "**", "*.c"), recursive=True))
    tok = os.path.join(root, "node_modules", "@lenml", "tokenizer-llama3_1", "models", "tokenizer.json")
    if os.path.exists(tok):
        define_macros.append(("PC_DEFAULT_TOKENIZER", '"%s"' % tok))

ext = Extension(
    "pricer._pricer",
    sources=sources,
    include_dirs=[os.path.join(root, "include"), os.path.join(root, "src"),
                  os.path.join(root, "python", "pricer")],
    define_macros=define_macros,
    extra_objects=extra_objects,
    extra_compile_args=["-std=gnu11", "-O2", "-Wno-unused-parameter"],
    libraries=["z", "zstd", "lzma", "yaml", "icuuc", "snappy", "curl", "crypto", "m", "pthread", "dl"],
)

setup(
    name="pricer",
    version=version(),
    description="Amazon product metadata to price-prediction training data (C library binding)",
    package_dir={"": os.path.join(rel, "python")},
    packages=["pricer"],
    ext_modules=[ext],
    python_requires=">=3.9",
    options={"build": {"build_base": os.path.join(rel, "python", "build")},
             "build_ext": {"parallel": os.cpu_count() or 1},
             "egg_info": {"egg_base": os.path.join(rel, "python")}},
)
