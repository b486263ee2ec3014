"""Reference trajectories for the optimizer tests.

Checks that the lesson's update rules below reproduce the shared reference file
optimizer-steps.json (SGD, Momentum, Adagrad, Adam) and writes rmsprop-steps.json in the
same format for RMSProp, which the lesson does not cover. Run from this folder:
    python3 optimizer_steps.py
"""
import json
import os

import numpy as np

with open("optimizer-steps.json") as f:
    ref = json.load(f)
A, b, theta0 = np.array(ref["A"]), np.array(ref["b"]), np.array(ref["theta0"])


def grad(theta):
    return A @ theta - b + theta ** 3


def run(rule, state, steps=6):
    theta, traj = theta0.copy(), []
    for t in range(1, steps + 1):
        theta = rule(theta, grad(theta), state, t)
        traj.append(theta.tolist())
    return traj


def sgd(p):
    return lambda th, g, s, t: th - p["lr"] * g


def momentum(p):
    def rule(th, g, s, t):
        s["v"] = p["momentum"] * s.get("v", 0.0) - p["lr"] * g
        return th + s["v"]
    return rule


def adagrad(p):
    def rule(th, g, s, t):
        s["G"] = s.get("G", 0.0) + g * g
        return th - p["lr"] / np.sqrt(p["eps"] + s["G"]) * g
    return rule


def adam(p):
    def rule(th, g, s, t):
        s["m"] = p["beta1"] * s.get("m", 0.0) + (1 - p["beta1"]) * g
        s["v"] = p["beta2"] * s.get("v", 0.0) + (1 - p["beta2"]) * g * g
        m_hat = s["m"] / (1 - p["beta1"] ** t)
        v_hat = s["v"] / (1 - p["beta2"] ** t)
        return th - p["lr"] * m_hat / (np.sqrt(v_hat) + p["eps"])
    return rule


def rmsprop(p):
    def rule(th, g, s, t):
        s["s"] = p["rho"] * s.get("s", 0.0) + (1 - p["rho"]) * g * g
        return th - p["lr"] * g / (np.sqrt(s["s"]) + p["eps"])
    return rule


RULES = {"SGD": sgd, "Momentum": momentum, "Adagrad": adagrad, "Adam": adam, "RMSProp": rmsprop}

for case in ref["cases"]:
    got = np.array(run(RULES[case["optimizer"]](case["params"]), {}))
    err = np.abs(got - np.array(case["traj"])).max()
    assert err < 1e-14, (case["optimizer"], err)

out = dict(ref)
out["note"] = ("RMSProp trajectories theta_1..theta_6 (s=rho*s+(1-rho)*g^2, theta-=lr*g/(sqrt(s)+eps)) "
               "on the objective of optimizer-steps.json; written by optimizer_steps.py.")
out["cases"] = []
for params in ({"lr": 0.05, "rho": 0.9, "eps": 1e-08}, {"lr": 0.01, "rho": 0.99, "eps": 1e-08}):
    out["cases"].append({"optimizer": "RMSProp", "params": params, "traj": run(rmsprop(params), {})})
with open("rmsprop-steps.json.tmp", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
os.replace("rmsprop-steps.json.tmp", "rmsprop-steps.json")
print("reference cases reproduced; wrote rmsprop-steps.json")
