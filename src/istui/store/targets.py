"""Target versions in targets.json: every change of targets is a new version,
so the past keeps the targets it had (see domain.targets)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from istui.domain.targets import TargetVersion, next_version, setter_of, target_problem
from istui.i18n import tr
from istui.store.core import StoreBase
from istui.store.files import Signature, StoreError, parsed_all
from istui.store.layout import META_TABLE, STORE_SCHEMA, TARGETS, VERSIONS_TABLE
from istui.store.tables import Tables


def upgraded(record: Mapping[str, Any]) -> dict[str, Any]:
    """A target version record in the current schema: the one place a version
    written by an earlier istui is brought up to date (schema 1 → 2: who set it,
    from its source, and no reason given)."""
    out = dict(record)
    if "by" not in out:
        out["by"] = setter_of(str(out.get("source", "config")))
    out.setdefault("reason", "")
    out.setdefault("reason_text", "")
    return out


def _upgrade_file(db: Tables, path: Path) -> list[TargetVersion]:
    """Inside a write of targets.json: upgrade every older record and the file's
    schema, so the file written is wholly of this schema; returns the versions."""
    table = db.table(VERSIONS_TABLE)
    versions = []
    for record in table.all():
        fresh = upgraded(record)
        if fresh != dict(record):
            table.update(fresh, doc_ids=[record.doc_id])
        try:
            versions.append(TargetVersion.from_record(fresh))
        except ValueError as exc:
            raise StoreError(f"{path}: {exc}") from None
    meta = db.table(META_TABLE)
    for doc in meta.all():
        if doc.get("schema") != STORE_SCHEMA:
            meta.update({"schema": STORE_SCHEMA}, doc_ids=[doc.doc_id])
    return versions


class TargetsMixin(StoreBase):
    """The store's target versions."""

    def target_versions(self) -> list[TargetVersion]:
        return self.target_versions_signed()[0]

    def target_versions_signed(self) -> tuple[list[TargetVersion], Signature | None]:
        """The target versions and the signature of the file they were read from."""
        data, sig = self._load_signed(TARGETS)
        raw = (data or {}).get(VERSIONS_TABLE, {})
        records = [upgraded(dict(doc, doc_id=int(key))) for key, doc in raw.items()]
        records.sort(key=lambda record: record["doc_id"])
        return parsed_all(TargetVersion.from_record, records, self.root / TARGETS), sig

    def _refuse_bad_targets(self, version: TargetVersion) -> None:
        """The last guard: no target out of bounds is ever written (a caller that
        let one through gets one line, and targets.json stays as it was)."""
        figures = [dict(version.values), *(dict(v) for v in version.weekdays.values())]
        for values in figures:
            for key, value in values.items():
                problem = target_problem(value)
                if problem:
                    raise StoreError(
                        tr(
                            "{path}: target {key} {problem}",
                            path=self.root / TARGETS,
                            key=key,
                            problem=problem,
                        )
                    )

    def add_target_version(self, version: TargetVersion) -> None:
        self._refuse_bad_targets(version)
        with self.transaction(TARGETS) as db:
            self._upgrade(db)
            db.table(VERSIONS_TABLE).insert(version.to_record())

    def _upgrade(self, db: Tables) -> list[TargetVersion]:
        return _upgrade_file(db, self.root / TARGETS)

    def set_targets(
        self,
        effective: date,
        values: Mapping[str, int],
        *,
        weekday: int | None = None,
        source: str = "cli",
        set_at: datetime | None = None,
        reason: str = "",
        reason_text: str = "",
    ) -> TargetVersion:
        """Record new targets from ``effective`` on, built under the lock from the
        versions on disk (figures not named carry over); returns the version."""
        with self.transaction(TARGETS) as db:
            table = db.table(VERSIONS_TABLE)
            versions = self._upgrade(db)
            version = next_version(
                versions,
                effective,
                values,
                weekday=weekday,
                source=source,
                set_at=set_at,
                reason=reason,
                reason_text=reason_text,
            )
            self._refuse_bad_targets(version)
            table.insert(version.to_record())
        return version

    def sync_config_targets(self, targets: Mapping[str, int], today: date) -> bool:
        """Record the config's targets as a version when they differ from the last
        one recorded from the config, effective today, so editing the config never
        rewrites the past. The very first version applies to all earlier days too."""

        def latest_config(records: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
            found = None
            for record in records:
                if record.get("source") == "config":
                    found = record
            return found

        wanted = {k: int(v) for k, v in targets.items()}
        on_disk = self.read_table(TARGETS, VERSIONS_TABLE)
        # Every command syncs first: a bad version (a 400-digit target put in by
        # hand) stops it here, before `istui log` writes an event it then cannot
        # show (a retry would count the dial twice).
        parsed_all(TargetVersion.from_record, on_disk, self.root / TARGETS)
        current = latest_config(on_disk)
        if current is not None and current.get("values") == wanted:
            return False
        with self.transaction(TARGETS) as db:
            table = db.table(VERSIONS_TABLE)
            records = table.all()
            current = latest_config(records)
            if current is not None and current.get("values") == wanted:
                return False
            effective = today if records else date(1970, 1, 1)
            self._upgrade(db)
            version = TargetVersion(effective=effective, values=wanted, source="config")
            self._refuse_bad_targets(version)
            table.insert(version.to_record())
        return True
