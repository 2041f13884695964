"""leadtrends_title: role family and seniority from the job title (the vocabulary contract)."""

from __future__ import annotations

import pytest
import spacy

from nlp.title import classify_title  # importing registers the factory

TM, TOM = "technology_management", "technical_operations_management"
OM, IC = "other_management", "individual_contributor"

TITLES = [
    # the contract's examples
    ("IT Manager", TM, "manager"), ("Head of IT", TM, "director"),
    ("Head of Digital", TM, "director"), ("CIO", TM, "executive"),
    ("Chief Technology Officer", TM, "executive"), ("VP Engineering", TM, "director"),
    ("Engineering Manager", TM, "manager"), ("Infrastructure Manager", TM, "manager"),
    ("IT Service Delivery Manager", TM, "manager"),
    ("Director of Information Security", TM, "director"), ("Technology Lead", TM, "lead"),
    ("Head of Cloud Platforms", TM, "director"), ("IT Operations Manager", TM, "manager"),
    ("Engineering Team Lead", TM, "lead"), ("CTO", TM, "executive"),
    ("Group CIO", TM, "executive"), ("CISO", TM, "executive"),
    ("Technical Operations Manager", TOM, "manager"),
    ("Data Centre Operations Manager", TOM, "manager"),
    ("Facilities Engineering Manager", TOM, "manager"),
    ("Head of Technical Services", TOM, "director"), ("NOC Manager", TOM, "manager"),
    ("Field Service Engineering Manager", TOM, "manager"),
    ("Critical Facilities Lead", TOM, "lead"),
    ("Marketing Manager", OM, "manager"), ("HR Director", OM, "director"),
    ("Finance Manager", OM, "manager"), ("Head of Sales", OM, "director"),
    ("Operations Director", OM, "director"), ("Store Manager", OM, "manager"),
    ("Software Engineer", IC, "individual"), ("Senior Data Analyst", IC, "individual"),
    ("DevOps Engineer", IC, "individual"), ("Systems Administrator", IC, "individual"),
    ("Business Analyst", IC, "individual"), ("Network Engineer", IC, "individual"),
    ("Accountant", IC, "individual"), ("Senior Software Engineer", IC, "individual"),
    ("Principal Engineer", IC, "individual"),
    # common variants
    ("Sr. Engineering Manager", TM, "manager"), ("Snr IT Manager", TM, "manager"),
    ("VP of Engineering", TM, "director"), ("Vice President, Technology", TM, "director"),
    ("Dir. of IT", TM, "director"), ("IT Ops Mgr", TM, "manager"),
    ("Interim CTO", TM, "executive"), ("C.I.O.", TM, "executive"),
    ("Deputy CIO", TM, "director"), ("HEAD OF IT", TM, "director"),
    ("Chief Information Security Officer", TM, "executive"),
    ("Chief Financial Officer", OM, "executive"), ("Managing Director", OM, "executive"),
    ("Digital Marketing Manager", OM, "manager"), ("Customer Service Team Lead", OM, "lead"),
    ("Network Operations Centre Manager", TOM, "manager"),
    ("Datacenter Facilities Supervisor", TOM, "lead"),
    ("Executive Assistant to the CTO", IC, "individual"),
    ("Lead Generation Executive", IC, "individual"),
    ("Snr Network Engineer", IC, "individual"),
]


@pytest.mark.parametrize(("title", "family", "seniority"), TITLES,
                         ids=[title for title, _, _ in TITLES])
def test_title_gives_role_family_and_seniority(title: str, family: str, seniority: str) -> None:
    assert classify_title(title) == (family, seniority)


def test_it_counts_only_as_the_capitalised_acronym() -> None:
    assert classify_title("Make It Happen Manager") == (OM, "manager")
    assert classify_title("IT Manager") == (TM, "manager")


def test_component_reads_doc_title_and_leaves_untitled_docs_alone() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("leadtrends_title")
    doc = nlp.make_doc("We need a leader for our IT team.")
    doc._.title = "Head of IT"
    doc = nlp(doc)
    assert (doc._.role_family, doc._.seniority) == (TM, "director")
    untitled = nlp("No title was set for this one.")
    assert (untitled._.role_family, untitled._.seniority) == (None, None)
