"""Synthetic MRFs made by `./glimmr generate` (deterministic by their options), cached under a folder by name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import glimmr

EXTENSIONS = {"csv_tall": "csv", "csv_wide": "csv", "json": "json"}


@dataclass(frozen=True)
class MrfSpec:
    layout: str
    size: str
    seed: int
    hospital: str
    state: str
    version: str = "3.0.0"
    dirty: float = 0.0

    @property
    def file_name(self) -> str:
        slug = self.hospital.lower().replace(" ", "-")
        return f"{slug}_{self.layout}_{self.version}_{self.size}_s{self.seed}_d{self.dirty}.{EXTENSIONS[self.layout]}"


def generate(specs: list[MrfSpec], folder: Path, env: dict[str, str]) -> list[Path]:
    """The files of `specs` in `folder`, generated where missing (written aside, then renamed: never half a file)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for spec in specs:
        path = folder / spec.file_name
        if not path.exists():
            partial = folder / f".partial-{spec.file_name}"  # same extension: generate may go by it
            glimmr.launcher(["generate", "--layout", spec.layout, "--version", spec.version, "--size", spec.size,
                             "--seed", str(spec.seed), "--hospital", spec.hospital, "--state", spec.state,
                             "--dirty", str(spec.dirty), "-o", str(partial)], env, timeout=900).check()
            partial.rename(path)
            # written through Hadoop's local file system, which leaves a checksum file beside it
            (folder / f".{partial.name}.crc").unlink(missing_ok=True)
        paths.append(path)
    return paths
