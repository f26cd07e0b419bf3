# SPDX-License-Identifier: Apache-2.0
"""The C API through ctypes: the route any language's FFI takes (C#, Java,
Rust, Go). Loads libinfoclass_c.so from INFOCLASS_C_LIBRARY (set by CTest)."""
import ctypes as C
import os
import pathlib
import threading

import pytest

LIB = os.environ.get("INFOCLASS_C_LIBRARY")
pytestmark = pytest.mark.skipif(not LIB, reason="INFOCLASS_C_LIBRARY is not set (CTest sets it)")
EXAMPLE = pathlib.Path(os.environ.get("INFOCLASS_SOURCE_DIR", ".")) / "examples" / "municipality" / "model.json"

OK, INVALID, IO, ARGUMENT = 0, 1, 2, 3
NO_LEVEL = -1


class Model(C.Structure):
    pass


class Assessment(C.Structure):
    pass


class Explanation(C.Structure):
    pass


@pytest.fixture(scope="module")
def lib():
    lib = C.CDLL(LIB)
    P = C.POINTER
    sig = {
        "infoclass_version": ([], C.c_char_p),
        "infoclass_version_number": ([], C.c_int),
        "infoclass_last_error": ([], C.c_char_p),
        "infoclass_string_free": ([C.c_void_p], None),
        "infoclass_model_load": ([C.c_char_p, P(P(Model))], C.c_int),
        "infoclass_model_from_json": ([C.c_char_p, C.c_size_t, P(P(Model))], C.c_int),
        "infoclass_model_free": ([P(Model)], None),
        "infoclass_model_size": ([P(Model), P(C.c_size_t), P(C.c_size_t)], C.c_int),
        "infoclass_model_set_level": ([P(Model), C.c_char_p, C.c_char_p, C.c_int], C.c_int),
        "infoclass_model_add_asset": ([P(Model), C.c_char_p, C.c_char_p, C.c_char_p, C.c_char_p], C.c_int),
        "infoclass_model_add_dependency": ([P(Model), C.c_char_p, C.c_char_p, C.c_char_p, C.c_char_p], C.c_int),
        "infoclass_model_to_json": ([P(Model), P(C.c_void_p), P(C.c_size_t)], C.c_int),
        "infoclass_propagate": ([P(Model), C.c_int, P(P(Assessment))], C.c_int),
        "infoclass_assessment_free": ([P(Assessment)], None),
        "infoclass_effective": ([P(Assessment), C.c_char_p, C.c_char_p, P(C.c_int)], C.c_int),
        "infoclass_cause": ([P(Assessment), C.c_char_p, C.c_char_p, P(C.c_void_p)], C.c_int),
        "infoclass_explain": ([P(Assessment), C.c_char_p, C.c_char_p, P(P(Explanation))], C.c_int),
        "infoclass_explanation_size": ([P(Explanation), P(C.c_size_t)], C.c_int),
        "infoclass_explanation_step": ([P(Explanation), C.c_size_t, P(C.c_char_p), P(C.c_int), P(C.c_char_p),
                                        P(C.c_char_p)], C.c_int),
        "infoclass_explanation_free": ([P(Explanation)], None),
    }
    for name, (args, res) in sig.items():
        f = getattr(lib, name)
        f.argtypes, f.restype = args, res
    return lib


def utf8(s):
    return s.encode("utf-8")


def test_version_matches_the_python_package(lib):
    import infoclass as ic

    assert lib.infoclass_version().decode() == ic.__version__
    major, minor, patch = (int(x) for x in ic.__version__.split("."))
    assert lib.infoclass_version_number() == major * 10000 + minor * 100 + patch


def test_load_change_propagate_explain_and_free(lib):
    m = C.POINTER(Model)()
    assert lib.infoclass_model_load(utf8(str(EXAMPLE)), C.byref(m)) == OK, lib.infoclass_last_error()
    n, deps = C.c_size_t(), C.c_size_t()
    assert lib.infoclass_model_size(m, C.byref(n), C.byref(deps)) == OK
    assert n.value == 104 and deps.value > 100
    a = C.POINTER(Assessment)()
    assert lib.infoclass_propagate(m, 1, C.byref(a)) == OK
    level = C.c_int()
    assert lib.infoclass_effective(a, b"srv-sql-01", b"K", C.byref(level)) == OK
    assert level.value == 3

    # the same answer as the Python package, which wraps the C++ library directly
    import infoclass as ic

    py = ic.Model.load(EXAMPLE).propagate()
    assert py.effective("srv-sql-01")["K"] == level.value
    text = C.c_void_p()
    assert lib.infoclass_cause(a, b"srv-sql-01", b"K", C.byref(text)) == OK
    assert C.string_at(text).decode() == py.to_pandas().loc["srv-sql-01", "K_cause"]
    lib.infoclass_string_free(text)

    e = C.POINTER(Explanation)()
    assert lib.infoclass_explain(a, b"srv-sql-01", b"K", C.byref(e)) == OK
    steps = C.c_size_t()
    assert lib.infoclass_explanation_size(e, C.byref(steps)) == OK
    walked = []
    for i in range(steps.value):
        asset, lv, cause, via = C.c_char_p(), C.c_int(), C.c_char_p(), C.c_char_p()
        assert lib.infoclass_explanation_step(e, i, C.byref(asset), C.byref(lv), C.byref(cause), C.byref(via)) == OK
        walked.append((asset.value.decode(), lv.value, via.value.decode()))
    assert [(s["asset"], s["level"], s["via"] or "") for s in py.explain("srv-sql-01", "K")] == walked
    lib.infoclass_explanation_free(e)

    # an incremental change: Swedish text in and out
    assert lib.infoclass_model_add_asset(m, utf8("lagring-ö"), b"storage", utf8("Lagring Åby"), None) == OK
    assert lib.infoclass_model_add_dependency(m, b"srv-sql-01", utf8("lagring-ö"), b"runs_on", None) == OK
    b = C.POINTER(Assessment)()
    assert lib.infoclass_propagate(m, 1, C.byref(b)) == OK
    assert lib.infoclass_effective(b, utf8("lagring-ö"), b"confidentiality", C.byref(level)) == OK
    assert level.value == 3
    out, length = C.c_void_p(), C.c_size_t()
    assert lib.infoclass_model_to_json(m, C.byref(out), C.byref(length)) == OK
    assert "Lagring Åby" in C.string_at(out, length.value).decode("utf-8")
    lib.infoclass_string_free(out)
    lib.infoclass_assessment_free(a)
    lib.infoclass_assessment_free(b)
    lib.infoclass_model_free(m)


def test_errors_are_statuses_with_the_model_error_text(lib):
    m = C.POINTER(Model)()
    text = b'{"infoclass": 1, "scheme": "se-klassa", "assets": [{"id": "a", "kind": "information"}]}'
    assert lib.infoclass_model_from_json(text, len(text), C.byref(m)) == OK
    assert lib.infoclass_model_set_level(m, b"a", b"K", 9) == INVALID
    assert lib.infoclass_last_error().decode() == "a: classification/K: level 9 is outside 0..4 of scheme se-klassa"
    assert lib.infoclass_model_set_level(m, None, b"K", 1) == ARGUMENT
    broken = b'{"infoclass": 1, "scheme": "se-klassa", "assets": [{"id": 1}]}'
    other = C.POINTER(Model)()
    assert lib.infoclass_model_from_json(broken, len(broken), C.byref(other)) == INVALID
    assert lib.infoclass_last_error().decode() == "/assets/0: missing required field 'kind'"
    assert not other  # nothing written on failure
    assert lib.infoclass_model_load(b"/no/such/model.json", C.byref(other)) in (INVALID, IO)

    # the message is per thread: another thread's failure leaves this one's
    assert lib.infoclass_model_set_level(m, b"zz", b"K", 1) == INVALID
    mine = lib.infoclass_last_error()
    theirs = []
    t = threading.Thread(target=lambda: (lib.infoclass_model_set_level(m, b"a", b"X", 1),
                                         theirs.append(lib.infoclass_last_error())))
    t.start()
    t.join()
    assert b"not a property" in theirs[0] and lib.infoclass_last_error() == mine
    lib.infoclass_model_free(m)
