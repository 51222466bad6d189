"""FollowTheMoney export: the knowledge base as FtM entities (JSON lines) that Aleph and the ``ftm`` tools import.

Built with the ``followthemoney`` package's own model (``pip install 'claimgraph[ftm]'``), and every entity is
validated with it before it is written. The mapping:

=================  ================================================================================
claimgraph         FollowTheMoney
=================  ================================================================================
document           ``Article`` (title, author, publisher, publishedAt, sourceUrl, contentHash, bodyText)
STATE              ``PublicBody`` with ``country``/``jurisdiction`` (FtM has no country schema)
PERSON             ``Person`` (``position`` from the role, ``nationality`` from the state)
ORG                ``PublicBody`` (ministries, agencies, armed forces), ``Company`` or ``Organization``
WEAPON_SYSTEM      ``Asset``
PLACE              ``Address``
event (a claim)    ``Event``: ``organizer`` the actor, ``involved`` actor and target, ``date``, ``proof`` the
                   Article, ``summary`` the evidence text, ``notes`` its document and character span
arms delivery      also an ``Ownership`` (owner: the recipient, asset: the weapon system) for a delivery that
                   occurred
=================  ================================================================================

Ids are FtM's deterministic hashes of our ids (``make_id("claimgraph", kind, id)``), so an export of the same
knowledge base gives the same entities, and re-importing it into Aleph updates them instead of adding copies.
Our own ids are kept in ``recordId`` (events) or ``keywords``. Merged name variants fold into their canonical
entity (``aliases``); the events exported are the reviewed ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..errors import ConfigError, InvalidData
from ..records import Document, Entity, Event

__all__ = ["ftm_entities", "validate_ftm", "require_ftm"]

_PUBLIC_KINDS = frozenset({"ministry", "agency", "military", "government_body", "legislature", "government",
                           "state_company", "intelligence"})


def require_ftm() -> Any:
    """The ``followthemoney`` model; ``ConfigError`` E002 with the install command when it is missing."""
    try:
        from followthemoney import model
    except ImportError as exc:
        raise ConfigError("E002", package="followthemoney", extra="ftm") from exc
    return model


def _schema(entity: Entity) -> str:
    if entity.type == "STATE":
        return "PublicBody"
    if entity.type == "PERSON":
        return "Person"
    if entity.type == "WEAPON_SYSTEM":
        return "Asset"
    if entity.type == "PLACE":
        return "Address"
    kind = str((entity.attributes or {}).get("kind") or "")
    if kind in _PUBLIC_KINDS:
        return "PublicBody"
    return "Company" if kind == "company" else "Organization"


class _Builder:
    def __init__(self, model: Any, entities: Mapping[str, Entity], aliases: Mapping[str, str]) -> None:
        self.model = model
        self.entities = entities
        self.aliases = aliases
        self.ids: dict[str, str] = {}  # our entity id -> FtM id of the exported canonical entity

    def make(self, schema: str, kind: str, our_id: str) -> Any:
        proxy = self.model.make_entity(schema)
        proxy.make_id("claimgraph", kind, our_id)
        return proxy

    def entity(self, e: Entity) -> Any:
        proxy = self.make(_schema(e), "entity", e.id)
        attrs = e.attributes or {}
        if e.type == "PLACE":
            proxy.add("full", e.name)
        proxy.add("name", e.name)
        if e.type != "PLACE":
            proxy.add("alias", [a for a in e.aliases if a != e.name])
        country = e.iso3 if e.type == "STATE" else attrs.get("state")
        if isinstance(country, str) and country:
            proxy.add("country", country)
            if e.type == "STATE":
                proxy.add("jurisdiction", country)
            if e.type == "PERSON":
                proxy.add("nationality", country)
        if e.type == "PERSON" and isinstance(attrs.get("role"), str):
            proxy.add("position", attrs["role"])
        if e.type == "WEAPON_SYSTEM":
            proxy.add("description", str(attrs.get("kind") or "weapon system"))
        proxy.add("keywords", [e.type, f"claimgraph:{e.id}"])
        return proxy

    def ref(self, our_id: str | None) -> str | None:
        if not our_id:
            return None
        return self.ids.get(self.aliases.get(our_id, our_id))

    def party(self, our_id: str | None) -> str | None:
        """A reference to a LegalEntity (what ``involved``/``organizer``/``owner`` may point to)."""
        canon = self.entities.get(self.aliases.get(our_id, our_id)) if our_id else None
        return self.ref(our_id) if canon is not None and canon.type not in ("WEAPON_SYSTEM", "PLACE") else None

    def name(self, our_id: str | None, text: str | None) -> str | None:
        canon = self.entities.get(self.aliases.get(our_id, our_id)) if our_id else None
        return canon.name if canon is not None else (text or (our_id.split(":", 1)[-1] if our_id else None))


def _article(b: _Builder, d: Document) -> Any:
    proxy = b.make("Article", "document", d.id)
    proxy.add("title", d.title or d.name)
    proxy.add("fileName", d.source.replace("\\", "/").rsplit("/", 1)[-1])
    proxy.add("author", d.author)
    proxy.add("publisher", d.outlet)
    proxy.add("publishedAt", d.published)
    proxy.add("sourceUrl", d.url)
    proxy.add("language", d.language)
    proxy.add("bodyText", d.text or None)
    proxy.add("keywords", f"claimgraph:{d.id}")
    return proxy


def _event(b: _Builder, e: Event, docs: Mapping[str, Any], documents: Mapping[str, Document],
           marks: Mapping[str, str]) -> Iterator[Any]:
    actor, target = b.name(e.actor, e.actor_text), b.name(e.target, e.target_text)
    item = b.name(e.item, e.item_text)
    label = " ".join(p for p in (actor or "?", e.type.replace("_", " "), item or "", f"-> {target}" if target else "")
                     if p)
    proxy = b.make("Event", "event", e.id)
    proxy.add("name", label)
    proxy.add("date", e.when.value if e.when else None)
    proxy.add("summary", e.evidence.text)
    proxy.add("description", f"{e.type}, status {e.status}, attributed to {e.attributed_to}"
                             + (" (hedged)" if e.hedged else "") + (f"; item {item}" if item else ""))
    proxy.add("notes", f"document {e.document}, characters {e.evidence.start}-{e.evidence.end}"
                       + (f"; review: {marks[e.id]}" if e.id in marks else ""))
    proxy.add("recordId", e.id)
    proxy.add("keywords", e.type)
    organizer, other = b.party(e.actor), b.party(e.target)
    proxy.add("organizer", organizer)
    proxy.add("involved", [x for x in (organizer, other) if x])
    for party in (e.actor, e.target):
        ent = b.entities.get(b.aliases.get(party, party)) if party else None
        if ent is not None and ent.type == "STATE" and ent.iso3:
            proxy.add("country", ent.iso3)
    doc = documents.get(e.document)
    if e.document in docs:
        proxy.add("proof", docs[e.document].id)
    if doc is not None:
        proxy.add("sourceUrl", doc.url)
        proxy.add("publisher", doc.outlet)
    yield proxy
    asset = b.ref(e.item) if e.item and b.entities.get(b.aliases.get(e.item, e.item), None) is not None else None
    if e.type == "arms_delivery" and e.status == "occurred" and other and asset:
        own = b.make("Ownership", "ownership", e.id)
        own.add("owner", other)
        own.add("asset", asset)
        own.add("startDate", e.when.value if e.when else None)
        own.add("role", f"arms delivery from {actor}" if actor else "arms delivery")
        own.add("summary", e.evidence.text)
        own.add("recordId", e.id)
        if e.document in docs:
            own.add("proof", docs[e.document].id)
        if doc is not None:
            own.add("sourceUrl", doc.url)
        yield own


def ftm_entities(
    documents: Sequence[Document],
    entities: Iterable[Entity],
    events: Iterable[Event],
    *,
    aliases: Mapping[str, str] | None = None,
    marks: Mapping[str, str] | None = None,
) -> Iterator[dict[str, Any]]:
    """FtM entities as dicts (``{"id", "schema", "properties"}``), articles and entities before the events that
    refer to them. ``entities``: the canonical entities (variants folded), ``aliases`` the merge map, ``marks``
    event id -> review state."""
    model = require_ftm()
    canon = {e.id: e for e in entities}
    b = _Builder(model, canon, aliases or {})
    articles: dict[str, Any] = {}
    for d in sorted(documents, key=lambda d: d.id):
        if d.ok:
            articles[d.id] = _article(b, d)
            yield articles[d.id].to_dict()
    for eid in sorted(canon):
        proxy = b.entity(canon[eid])
        b.ids[eid] = proxy.id
        yield proxy.to_dict()
    by_doc = {d.id: d for d in documents}
    for ev in sorted(events, key=lambda e: e.id):
        for proxy in _event(b, ev, articles, by_doc, marks or {}):
            yield proxy.to_dict()


def validate_ftm(rows: Iterable[Mapping[str, Any]]) -> int:
    """Check every entity with the FtM model: a known schema, valid property values, references to entities of
    the export. Returns the count; raises ``InvalidData`` (E401) naming the first entity that fails."""
    model = require_ftm()
    from followthemoney.exc import InvalidData as FtmInvalid

    seen: set[str] = set()
    refs: list[tuple[str, str]] = []
    n = 0
    for row in rows:
        schema = model.get(row.get("schema"))
        if schema is None or schema.abstract or not row.get("id"):
            raise InvalidData("E401", path="ftm export", reason=f"bad schema or id in {row.get('id')!r}")
        try:
            schema.validate(row)
        except FtmInvalid as exc:
            raise InvalidData("E401", path="ftm export", reason=f"{row['id']}: {exc}") from None
        proxy = model.get_proxy(dict(row), cleaned=False)
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                refs.append((row["id"], value))
        seen.add(str(row["id"]))
        n += 1
    for source, target in refs:
        if target not in seen:
            raise InvalidData("E401", path="ftm export", reason=f"{source} refers to {target}, not in the export")
    return n
