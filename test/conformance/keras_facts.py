#!/usr/bin/python3
"""keras_facts.py - what `hlsdse layers --json` must say about a Keras
model, computed independently of the C code with json + h5py + numpy.

  keras_facts.py list DIR            model/weights runs found in DIR, one
                                     per line: MODEL<TAB>WEIGHTS ("" = auto)
  keras_facts.py layout FILE.h5      checks FILE is laid out as Keras's
                                     weights-only files are
  keras_facts.py compare MODEL WEIGHTS OUT.json
                                     compares hlsdse's output with the facts;
                                     prints "# ..." per difference, exits 1
                                     on any (WEIGHTS "" = found as hlsdse
                                     does: <stem>_weights.h5, else <stem>.h5)

Rules applied here (hls4ml's and Keras's, not hlsdse's code):
- a layer's own activation other than linear becomes a layer
  <name>_<activation> (kind Softmax for softmax, else Activation) fed by
  it; consumers of <name> read from that layer instead;
- a Sequential model without an InputLayer gets hls4ml's "input1";
- shapes drop the batch (an input layer's input shape is its output
  shape, as in Keras); convolution and pooling outputs are
  ceil(n / s) for padding "same" and ceil((n - k + 1) / s) for "valid";
- parameters are what Keras stores per layer (kernel, bias, gamma, beta,
  moving statistics, depthwise/pointwise kernels, PReLU alpha); split
  activation layers have none;
- zero_weights counts exactly-zero kernel, depthwise_kernel and
  pointwise_kernel elements in the HDF5 file (0 for weightless layers).
"""
import json
import math
import os
import sys

import h5py
import numpy as np

KINDS = {
    "InputLayer": "Input",
    "Dense": "Dense", "QDense": "Dense", "QDenseBatchnorm": "Dense",
    "Conv1D": "Conv1D", "QConv1D": "Conv1D",
    "Conv2D": "Conv2D", "QConv2D": "Conv2D", "QConv2DBatchnorm": "Conv2D",
    "DepthwiseConv1D": "DepthwiseConv1D",
    "DepthwiseConv2D": "DepthwiseConv2D",
    "QDepthwiseConv2D": "DepthwiseConv2D",
    "SeparableConv1D": "SeparableConv1D",
    "SeparableConv2D": "SeparableConv2D",
    "BatchNormalization": "BatchNormalization",
    "QBatchNormalization": "BatchNormalization",
    "Activation": "Activation", "QActivation": "Activation",
    "ReLU": "Activation", "Softmax": "Softmax",
    "LeakyReLU": "ParametrizedActivation", "ELU": "ParametrizedActivation",
    "ThresholdedReLU": "ParametrizedActivation", "PReLU": "PReLU",
    "MaxPooling1D": "Pooling1D", "AveragePooling1D": "Pooling1D",
    "MaxPooling2D": "Pooling2D", "AveragePooling2D": "Pooling2D",
    "GlobalAveragePooling1D": "GlobalPooling1D",
    "GlobalMaxPooling1D": "GlobalPooling1D",
    "GlobalAveragePooling2D": "GlobalPooling2D",
    "GlobalMaxPooling2D": "GlobalPooling2D",
    "Flatten": "Reshape", "Reshape": "Reshape",
    "Dropout": "Dropout", "SpatialDropout1D": "Dropout",
    "SpatialDropout2D": "Dropout",
}
ACTIVATION_KINDS = ("Activation", "Softmax", "ParametrizedActivation",
                    "PReLU")
MULTIPLIERS = ("kernel", "depthwise_kernel", "pointwise_kernel")


class Unsupported(Exception):
    pass


def listify(v, n):
    if isinstance(v, int):
        return [v] * n
    return list(v)


def conv_out(n, k, s, padding):
    if padding == "same":
        return math.ceil(n / s)
    return math.ceil((n - k + 1) / s)


def activation_of(cfg):
    """The activation a layer carries: a name, or a QKeras quantizer
    (dict or "quantized_relu(6,0)") reduced to its class name."""
    a = cfg.get("activation")
    if isinstance(a, dict):
        return a.get("class_name", "")
    if isinstance(a, str):
        return a.split("(")[0]
    return ""


def quantizer_activation(name):
    """The activation hls4ml reads from a QKeras activation quantizer,
    or None when it is not one this test knows."""
    return {"quantized_relu": "relu", "quantized_tanh": "tanh",
            "quantized_sigmoid": "sigmoid"}.get(name)


def spec(cls, cfg, ins):
    """(var, shape) pairs Keras stores for a layer with input shape ins."""
    kind = KINDS[cls]
    c = ins[-1] if ins else 0
    bias = cfg.get("use_bias", True)
    out = []
    if kind == "Dense":
        u = cfg["units"]
        out = [("kernel", [c, u])] + ([("bias", [u])] if bias else [])
        if cls == "QDenseBatchnorm":
            out += [(v, [u]) for v in ("gamma", "beta", "moving_mean",
                                       "moving_variance")]
    elif kind in ("Conv1D", "Conv2D"):
        nd = 1 if kind == "Conv1D" else 2
        k = listify(cfg["kernel_size"], nd)
        f = cfg["filters"]
        out = [("kernel", k + [c, f])] + ([("bias", [f])] if bias else [])
        if cls == "QConv2DBatchnorm":
            out += [(v, [f]) for v in ("gamma", "beta", "moving_mean",
                                       "moving_variance")]
    elif kind.startswith("Depthwise") or kind.startswith("Separable"):
        nd = 1 if kind.endswith("1D") else 2
        k = listify(cfg["kernel_size"], nd)
        dm = cfg.get("depth_multiplier", 1)
        out = [("depthwise_kernel", k + [c, dm])]
        if kind.startswith("Separable"):
            f = cfg["filters"]
            out.append(("pointwise_kernel", [1] * nd + [c * dm, f]))
            out += [("bias", [f])] if bias else []
        else:
            out += [("bias", [c * dm])] if bias else []
    elif kind == "BatchNormalization":
        if cfg.get("scale", True):
            out.append(("gamma", [c]))
        if cfg.get("center", True):
            out.append(("beta", [c]))
        out += [("moving_mean", [c]), ("moving_variance", [c])]
    elif kind == "PReLU":
        out = [("alpha", list(ins))]
    return out


def out_shape(cls, cfg, ins):
    kind = KINDS[cls]
    if kind == "Input":
        return [d for d in (cfg.get("batch_input_shape") or
                            cfg.get("batch_shape"))[1:]]
    if kind == "Dense":
        return ins[:-1] + [cfg["units"]]
    if kind in ("Conv1D", "Conv2D") or kind.startswith("Depthwise") or \
            kind.startswith("Separable"):
        nd = 1 if kind.endswith("1D") else 2
        k = listify(cfg["kernel_size"], nd)
        s = listify(cfg.get("strides", 1), nd)
        pad = cfg.get("padding", "valid")
        sp = [conv_out(ins[i], k[i], s[i], pad) for i in range(nd)]
        if kind.startswith("Depthwise"):
            return sp + [ins[-1] * cfg.get("depth_multiplier", 1)]
        return sp + [cfg["filters"]]
    if kind in ("Pooling1D", "Pooling2D"):
        nd = 1 if kind == "Pooling1D" else 2
        p = listify(cfg.get("pool_size", 2), nd)
        s = cfg.get("strides")
        s = p if s is None else listify(s, nd)
        pad = cfg.get("padding", "valid")
        return [conv_out(ins[i], p[i], s[i], pad) for i in range(nd)] + \
            [ins[-1]]
    if kind.startswith("GlobalPooling"):
        return [ins[-1]]
    if cls == "Flatten":
        return [int(np.prod(ins))]
    if cls == "Reshape":
        t = list(cfg["target_shape"])
        if -1 in t:
            known = int(np.prod([d for d in t if d != -1]))
            t[t.index(-1)] = int(np.prod(ins)) // known
        return t
    return list(ins)


def model_layers(arch):
    """(class_name, name, config, inbound names or None) of each layer;
    None inbound means "the previous layer" (Sequential)."""
    cfg = arch["config"]
    seq = arch["class_name"] == "Sequential"
    layers = cfg if isinstance(cfg, list) else cfg["layers"]
    out = []
    for l in layers:
        c = l["config"]
        name = l.get("name") or c.get("name")
        if seq:
            out.append((l["class_name"], name, c, None))
        else:
            ins = []
            for node in l.get("inbound_nodes") or []:
                for ref in node:
                    ins.append(ref[0])
            out.append((l["class_name"], name, c, ins))
    if seq and out and out[0][0] != "InputLayer":
        out.insert(0, ("InputLayer", "input1", out[0][2], None))
    return out


def facts(arch):
    """Layer facts of an architecture, before weights."""
    res = []
    by_name = {}
    output_of = {}
    for cls, name, cfg, inbound in model_layers(arch):
        if cls not in KINDS:
            raise Unsupported("class %s (layer %s)" % (cls, name))
        if inbound is None:
            inputs = [res[-1]["name"]] if res else []
        else:
            inputs = [output_of[n] for n in inbound]
        ins = list(by_name[inputs[0]]["output_shape"]) if inputs else []
        kind = KINDS[cls]
        outs = out_shape(cls, cfg, ins)
        if kind == "Input":
            ins = outs
        lay = {
            "name": name, "class": cls, "kind": kind, "inputs": inputs,
            "input_shape": ins, "output_shape": outs,
            "split_from": None, "spec": spec(cls, cfg, ins),
        }
        lay["params"] = sum(int(np.prod(s)) for _, s in lay["spec"])
        act = activation_of(cfg)
        if kind in ACTIVATION_KINDS:
            if cls == "Softmax":
                lay["activation"] = "softmax"
            elif cls == "ReLU":
                lay["activation"] = "relu"
            elif cls == "LeakyReLU":
                lay["activation"] = "leaky_relu"
            elif cls == "ELU":
                lay["activation"] = "elu"
            elif cls == "ThresholdedReLU":
                lay["activation"] = "thresholded_relu"
            elif cls == "PReLU":
                lay["activation"] = "prelu"
            elif cls == "QActivation":
                lay["activation"] = quantizer_activation(act)
            else:
                lay["activation"] = act
                if act == "softmax":
                    lay["kind"] = "Softmax"
        res.append(lay)
        by_name[name] = lay
        output_of[name] = name
        if kind not in ACTIVATION_KINDS and kind != "Input" and act and \
                act != "linear":
            if act.startswith("quantized_"):
                sact = quantizer_activation(act)
            else:
                sact = act
            split = {
                "name": "%s_%s" % (name, act), "class": "Activation",
                "kind": "Softmax" if act == "softmax" else "Activation",
                "inputs": [name], "input_shape": lay["output_shape"],
                "output_shape": lay["output_shape"], "split_from": name,
                "spec": [], "params": 0, "activation": sact,
            }
            res.append(split)
            by_name[split["name"]] = split
            output_of[name] = split["name"]
    return res


def add_weights(res, path):
    """Sets weights (name, shape, zeros) and zero_weights from the HDF5
    file at path, read with h5py; returns problems with the file."""
    problems = []
    f = h5py.File(path, "r")
    root = f["model_weights"] if "model_weights" in f else f
    for lay in res:
        if not lay["spec"]:
            lay["weights"] = []
            lay["zero_weights"] = 0
            continue
        g = root[lay["name"]]
        names = g.attrs.get("weight_names")
        if names is None:
            names = []
            g.visit(lambda n: names.append(n) if isinstance(
                g[n], h5py.Dataset) else None)
        names = [n.decode() if isinstance(n, bytes) else str(n)
                 for n in names]
        want = dict(lay["spec"])
        got = {}
        for n in names:
            var = n.split("/")[-1].split(":")[0]
            if var in want and var not in got:
                d = g[n][()]
                if list(d.shape) != list(want[var]):
                    problems.append("%s %s: file shape %s, formula %s" % (
                        lay["name"], var, list(d.shape), want[var]))
                got[var] = int(np.sum(d == 0))
        lay["weights"] = [{"name": v, "shape": list(s), "zeros": got.get(v)}
                          for v, s in lay["spec"]]
        lay["zero_weights"] = sum(got.get(v, 0) for v in MULTIPLIERS)
    f.close()
    return problems


def read_arch(model):
    if h5py.is_hdf5(model):
        with h5py.File(model, "r") as f:
            c = f.attrs["model_config"]
            version = f.attrs.get("keras_version")
        c = c.decode() if isinstance(c, bytes) else c
        arch = json.loads(c)
        if version is not None and "keras_version" not in arch:
            arch["keras_version"] = version.decode() \
                if isinstance(version, bytes) else str(version)
        return arch
    with open(model) as fh:
        arch = json.load(fh)
    if isinstance(arch, str):
        arch = json.loads(arch)
    return arch


def auto_weights(model):
    if h5py.is_hdf5(model):
        return model
    stem = model[:-5] if model.endswith(".json") else model
    for cand in (stem + "_weights.h5", stem + ".h5"):
        if os.path.isfile(cand):
            return cand
    return None


def compare(model, weights, out_path):
    arch = read_arch(model)
    weights = weights or auto_weights(model)
    res = facts(arch)
    diffs = add_weights(res, weights) if weights else []
    with open(out_path) as fh:
        got = json.load(fh)

    def diff(what, g, w):
        if g != w:
            diffs.append("%s: got %s, want %s" % (what, json.dumps(g),
                                                  json.dumps(w)))

    diff("weights file", got.get("weights"), weights)
    if "keras_version" in arch:
        diff("keras_version", got.get("keras_version"),
             arch["keras_version"])
    cfg = arch["config"]
    if isinstance(cfg, dict) and "name" in cfg:
        diff("model name", got.get("model"), cfg["name"])
    diff("total params", got.get("params"), sum(l["params"] for l in res))
    diff("layer names", [l.get("name") for l in got.get("layers", [])],
         [l["name"] for l in res])
    glayers = {l.get("name"): l for l in got.get("layers", [])}
    for lay in res:
        g = glayers.get(lay["name"])
        if g is None:
            continue
        n = lay["name"]
        for key in ("class", "kind", "inputs", "input_shape",
                    "output_shape", "params", "split_from"):
            diff("%s %s" % (n, key), g.get(key), lay[key])
        if lay.get("activation") is not None:
            diff("%s activation" % n, g.get("activation"),
                 lay["activation"])
        elif lay["kind"] not in ACTIVATION_KINDS:
            diff("%s has no activation field" % n, "activation" in g, False)
        if weights:
            diff("%s zero_weights" % n, g.get("zero_weights"),
                 lay["zero_weights"])
            diff("%s weights" % n, g.get("weights"), lay["weights"])
        elif lay["spec"]:
            diff("%s zero_weights (no weights)" % n, g.get("zero_weights"),
                 None)
    for d in diffs:
        print("# " + d)
    return 1 if diffs else 0


def list_runs(d):
    """Every architecture in d with its weights: each JSON (weights found
    beside it), each full model .h5, and each weights file nobody finds
    automatically paired with the JSON whose stem prefixes its name."""
    files = sorted(os.listdir(d))
    jsons = [f for f in files if f.endswith(".json")]
    runs = [(os.path.join(d, j), "") for j in jsons]
    used = set()
    for j in jsons:
        w = auto_weights(os.path.join(d, j))
        if w:
            used.add(os.path.basename(w))
    for f in files:
        p = os.path.join(d, f)
        if not f.endswith(".h5") or f in used:
            continue
        with h5py.File(p, "r") as h:
            full = "model_config" in h.attrs
        if full:
            runs.append((p, ""))
            continue
        stems = [j[:-5] for j in jsons if f.startswith(j[:-5] + "_")]
        if stems:
            runs.append((os.path.join(d, max(stems, key=len) + ".json"), p))
    for m, w in runs:
        print("%s\t%s" % (m, w))
    return 0


def check_layout(path):
    """Problems with path as a Keras weights-only file, judged by the
    layout of the real files in ../shared/models: root attributes
    backend and keras_version (strings) and layer_names (fixed-length
    byte strings); a group per layer whose weight_names are fixed-length
    byte strings "<layer>/<var>:0" or an empty float64 array; each named
    dataset float32 at <layer>/<layer>/<var>:0."""
    bad = []
    with h5py.File(path, "r") as f:
        for key in ("backend", "keras_version"):
            if not isinstance(f.attrs.get(key), str):
                bad.append("root attribute %s is not a string" % key)
        names = f.attrs.get("layer_names")
        if names is None or names.dtype.kind != "S":
            bad.append("layer_names is not fixed-length strings")
            names = []
        for ln in [n.decode() for n in names]:
            if ln not in f:
                bad.append("no group for layer %s" % ln)
                continue
            wn = f[ln].attrs.get("weight_names")
            if wn is None:
                bad.append("%s has no weight_names" % ln)
                continue
            if len(wn) == 0:
                if wn.dtype != np.float64:
                    bad.append("%s: empty weight_names is %s, not float64"
                               % (ln, wn.dtype))
                if len(f[ln]):
                    bad.append("%s: weightless layer has members" % ln)
                continue
            if wn.dtype.kind != "S":
                bad.append("%s: weight_names is not fixed-length" % ln)
            for w in [x.decode() for x in wn]:
                if not w.startswith(ln + "/") or not w.endswith(":0"):
                    bad.append("%s: weight name %s" % (ln, w))
                elif w not in f[ln] or f[ln][w].dtype != np.float32:
                    bad.append("%s: dataset %s/%s missing or not float32"
                               % (ln, ln, w))
    for b in bad:
        print("# " + b)
    return 1 if bad else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "list":
        return list_runs(argv[2])
    if len(argv) == 3 and argv[1] == "layout":
        return check_layout(argv[2])
    if len(argv) == 5 and argv[1] == "compare":
        try:
            return compare(argv[2], argv[3], argv[4])
        except Unsupported as e:
            print("# facts: unsupported %s" % e)
            return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
