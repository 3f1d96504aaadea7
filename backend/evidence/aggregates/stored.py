"""A period's cubes as bytes and back, exactly (pure: numpy and JSON, never pickle).

The arrays go into one compressed `.npz` read back with `allow_pickle=False`; what is not an
array (shapes, axes, dimension values, positions, the period and the rulebook versions that
gave the verdicts) goes beside them as JSON text. The same bytes load as equal cubes, so a
figure served from stored cubes is the figure the full computation gives.
"""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import numpy as np

from backend.evidence.compute import Cubes
from backend.evidence.cube.axes import Axis
from backend.evidence.cube.build import Cube, Shape

META = "meta"
CUBES = ("declarations", "allowance", "reviews", "conversions")
ARRAYS = (
    "position",
    "coords",
    "outcome",
    "count",
    "participants",
    "top",
    "suppressed",
    "sensitive",
)


def _cube_meta(cube: Cube) -> dict[str, Any]:
    axis = cube.axis
    return {
        "shape": {"filters": list(cube.shape.filters), "tables": list(cube.shape.tables)},
        "axis": {
            "name": axis.name,
            "labels": [list(label) for label in axis.labels],
            "members": [list(m) for m in axis.members],
            "level": list(axis.level),
        },
        "values": cube.values,
        "money": cube.money,
        "positions": [list(p) for p in cube.positions],
        "measures": sorted(cube.measures),
    }


def cubes_bytes(cubes: Cubes, versions: list[dict[str, Any]]) -> bytes:
    """The cubes and the rulebook versions behind them as one `.npz` file's bytes."""
    arrays: dict[str, np.ndarray] = {}
    meta: dict[str, Any] = {
        "date_from": cubes.date_from.isoformat(),
        "date_to": cubes.date_to.isoformat(),
        "published": cubes.published,
        "versions": versions,
        "cubes": {},
    }
    for name in CUBES:
        cube = getattr(cubes, name)
        if cube is None:
            continue
        meta["cubes"][name] = _cube_meta(cube)
        for field in ARRAYS:
            arrays[f"{name}.{field}"] = getattr(cube, field)
        for measure, values in cube.measures.items():
            arrays[f"{name}.measure.{measure}"] = values
        for i, position in enumerate(cube.positions):
            arrays[f"{name}.index.{i}"] = cube.index[position]
    arrays[META] = np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8)
    out = io.BytesIO()
    # Every keyword is an array's name (numpy's stub reads them as its own options).
    save: Any = np.savez_compressed
    save(out, **arrays)
    return out.getvalue()


def _cube(name: str, meta: dict[str, Any], arrays: Any) -> Cube:
    axis = meta["axis"]
    cube = Cube(
        shape=Shape(filters=tuple(meta["shape"]["filters"]), tables=tuple(meta["shape"]["tables"])),
        axis=Axis(
            axis["name"],
            tuple(tuple(label) for label in axis["labels"]),
            tuple(tuple(m) for m in axis["members"]),
            tuple(axis["level"]),
        ),
        values={dim: list(values) for dim, values in meta["values"].items()},
        money=meta["money"],
    )
    cube.positions = [tuple(p) for p in meta["positions"]]
    cube.index = {p: arrays[f"{name}.index.{i}"] for i, p in enumerate(cube.positions)}
    for field in ARRAYS:
        setattr(cube, field, arrays[f"{name}.{field}"])
    cube.measures = {m: arrays[f"{name}.measure.{m}"] for m in meta["measures"]}
    return cube


def cubes_from_bytes(data: bytes) -> tuple[Cubes, list[dict[str, Any]]]:
    """The cubes and rulebook versions written by `cubes_bytes`."""
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        arrays = {key: npz[key] for key in npz.files}
    meta = json.loads(arrays.pop(META).tobytes())
    built = {name: _cube(name, m, arrays) for name, m in meta["cubes"].items()}
    cubes = Cubes(
        date_from=date.fromisoformat(meta["date_from"]),
        date_to=date.fromisoformat(meta["date_to"]),
        declarations=built["declarations"],
        allowance=built.get("allowance"),
        reviews=built["reviews"],
        published=meta["published"],
        conversions=built.get("conversions"),
    )
    return cubes, meta["versions"]
