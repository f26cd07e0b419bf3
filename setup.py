# SPDX-License-Identifier: Apache-2.0
"""`pip install --no-build-isolation .`: builds infoclass._core through CMake,
the same build as every other route (as pybind11's CMake example does), with
the C++ dependencies that scripts/install-deps installs. The version is read
from project(VERSION) in CMakeLists.txt, the one place it is defined."""
import os
import pathlib
import re
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


def version() -> str:
    text = (ROOT / "CMakeLists.txt").read_text()
    return re.search(r"project\(infoclass VERSION ([0-9.]+)", text).group(1)


class CMakeExtension(Extension):
    def __init__(self, name: str):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        out = pathlib.Path(self.get_ext_fullpath(ext.name)).resolve().parent  # .../infoclass
        build = pathlib.Path(self.build_temp).resolve() / "cmake"
        build.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                        f"-DPython_EXECUTABLE={sys.executable}", "-DINFOCLASS_PYTHON=ON", "-DINFOCLASS_TESTS=OFF",
                        "-DINFOCLASS_CLI=OFF", "-DINFOCLASS_BENCH=OFF", "-DINFOCLASS_INSTALL=OFF"], check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 2))
        subprocess.run(["cmake", "--build", str(build), "--target", "_core", "-j", jobs], check=True)
        built = build / "python" / "infoclass"
        out.mkdir(parents=True, exist_ok=True)
        for f in built.iterdir():
            if f.name.startswith("_core") and f.suffix == ".so":
                (out / f.name).write_bytes(f.read_bytes())


setup(version=version(), ext_modules=[CMakeExtension("infoclass._core")], cmdclass={"build_ext": CMakeBuild})
