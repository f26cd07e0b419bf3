# SPDX-License-Identifier: Apache-2.0
"""Quick start: build a model, propagate, explain, change and re-propagate."""
import infoclass as ic

m = ic.Model(scheme="se-klassa")
m.add_asset("socialakter", kind="information", owner="Socialnämnden",
            classification={"K": 3, "R": 2, "T": 2, "S": 3},
            justification="Känsliga personuppgifter, sekretess enligt OSL 26 kap.")
m.add_asset("vardsystem", kind="application", owner="Socialnämnden")
m.add_asset("srv-01", kind="server", owner="Servicenämnden")
m.add_asset("srv-02", kind="server", owner="Servicenämnden")
m.add_dependency("socialakter", "vardsystem", type="processed_by")
m.add_dependency("vardsystem", "srv-01", type="runs_on", group="cluster")
m.add_dependency("vardsystem", "srv-02", type="runs_on", group="cluster")

a = m.propagate()
print(a.effective("srv-01"))
print(a.cause("srv-01", "K"))
print(" <- ".join(step["asset"] for step in a.explain("srv-01", "K")))
print(a.to_pandas()[["kind", "K", "R", "T", "S"]])

m.set_level("socialakter", "T", 4)
print(m.propagate().effective("srv-01"))
