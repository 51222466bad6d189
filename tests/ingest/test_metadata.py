from __future__ import annotations

from claimgraph.ingest.metadata import clean_title, domain_of, outlet_for_domain, text_metadata

BODY = (
    "Officials in both capitals described the round of talks as constructive, although no joint statement "
    "was issued and the working groups will meet again in the autumn to continue the technical discussions."
)


def test_metadata_headline_and_byline() -> None:
    meta = text_metadata(f"Why the Talks Stalled Again?\n\nBy Jana Novak and Luis Ortega\n\n{BODY}")
    assert meta.title == "Why the Talks Stalled Again?"
    assert meta.title_basis == "headline"
    assert meta.author == "Jana Novak and Luis Ortega"


def test_metadata_author_label_and_date_suffix() -> None:
    meta = text_metadata(f"Pipeline Politics in the North\n\nAuthor: Pieter van Dijk | 2 May 2019\n\n{BODY}")
    assert meta.author == "Pieter van Dijk"
    assert meta.title == "Pipeline Politics in the North"


def test_metadata_sentence_is_not_a_title() -> None:
    meta = text_metadata(f"This line is a sentence and ends with a period.\n\n{BODY}")
    assert meta.title is None


def test_metadata_publication_line() -> None:
    meta = text_metadata(
        f"A Bulletin Headline Here\n\nPublication: Regional Security Weekly Volume: 7 Issue: 118\n\n{BODY}"
    )
    assert (meta.outlet, meta.volume, meta.issue) == ("Regional Security Weekly", "7", "118")
    assert meta.outlet_basis == "publication_line"
    assert meta.title == "A Bulletin Headline Here"


def test_metadata_volume_issue_alone() -> None:
    meta = text_metadata(f"A Bulletin Headline Here\n\nVol. 4, No. 12\n\n{BODY}")
    assert (meta.volume, meta.issue) == ("4", "12")


def test_metadata_outlet_from_author_bio() -> None:
    text = f"Reading the Summit\n\nby Omar Haddad\n\n{BODY}\n\nOmar Haddad is a regular contributor to The Harbour Review and teaches history."
    meta = text_metadata(text)
    assert meta.author == "Omar Haddad"
    assert meta.outlet == "The Harbour Review" and meta.outlet_basis == "author_bio"


def test_metadata_lead_fragment_title() -> None:
    meta = text_metadata("Trouble at the border. Officials say the crossing was closed for two days. " + BODY)
    assert meta.title == "Trouble at the border" and meta.title_basis == "lead_fragment"
    assert text_metadata("The minister resigned. " + BODY).title is None  # a sentence, not a headline


def test_metadata_domains() -> None:
    assert domain_of("https://www.Example.org:8443/a/b") == "example.org"
    assert domain_of("not a url") is None
    assert outlet_for_domain("edition.nationalinterest.org") == "The National Interest"
    assert outlet_for_domain("unknown-site.net") == "unknown-site.net"


def test_metadata_clean_title_drops_site_suffix() -> None:
    assert (
        clean_title("Talks resume in Geneva after long pause | Example Times")
        == "Talks resume in Geneva after long pause"
    )
    assert clean_title("Short - Title") == "Short - Title"


def test_metadata_outlet_from_bio_drops_sentence_period() -> None:
    from claimgraph.ingest.metadata import _outlet_from_bio

    text = "Body text.\n\nMaria Olsen is a Beijing correspondent for Baltic Current Review."
    assert _outlet_from_bio(text, "Maria Olsen") == "Baltic Current Review"
