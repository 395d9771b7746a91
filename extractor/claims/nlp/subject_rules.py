"""Role rules for whose a figure is: its subject and counterpart.

Each rule's docstring gives one example sentence; ``@rule`` records it with the claim fields
that sentence must yield. Their order is in ``roles.RULES``.
"""

from __future__ import annotations

from extractor.claims.nlp.role_state import RoleState, rule

# ------------------------------------------------------------------ from the figure's clause


@rule("Analysts said Toyota rose 3% in Tokyo trading.", subject="Toyota")
def verb_subject(s: RoleState) -> None:
    """The subject of the figure's verb is whose figure it is, when it is not what is
    measured: "Analysts said Toyota rose 3% in Tokyo trading."."""
    if s.verb is not None and s.subject is None and s.subj is not None and \
            s.metric_noun is None:
        s.subject = s.who(s.subj)


@rule("The Federal Trade Commission fined Meridian Bank $3 million.", metric="fines",
      subject="Meridian Bank", counterpart="Federal Trade Commission")
def penalised_pays(s: RoleState) -> None:
    """A fine is the payer's: the one a verb of penalising (`penalty_verbs`) penalises is the
    subject, whoever penalises (its subject, or "by" in the passive) the other side, named by
    its country when the text gives one ("Norway's Data Inspectorate", "the Norwegian
    regulator": Norway): "The Federal Trade Commission fined Meridian Bank $3 million."."""
    verb = s.verb
    if verb is None or s.metric is not None or s.metric_noun is not None:
        return
    # the tagger can drop a verb's final "e" ("fined" -> "fin")
    lemmas = [s.lemma, s.lemma + "e"] if verb.lower_.endswith(("ed", "ing")) else [s.lemma]
    lemma = next((w for w in lemmas if w in s.lex.set_of("penalty_verbs")), None)
    if lemma is None:
        return
    s.metric = s.lex.verb_metrics.get(lemma) or lemma + "s"
    penalised = next((c for c in verb.children if c.dep_ in ("dative", "dobj", "nsubjpass")
                      and s.outside(c) and not c.like_num and c.pos_ not in ("NUM", "SYM")),
                     None)  # another amount ("worth about $600 million") is no one fined
    if penalised is None:  # "fined Vexa €90 million": the name hangs on the amount
        penalised = next((t for c in verb.children if c.dep_ == "dobj" for t in c.subtree
                          if s.outside(t) and t.pos_ == "PROPN"
                          and t.dep_ in ("compound", "nmod")), None)
    if penalised is not None:  # a name the tagger took for part of the amount is a name
        s.subject = s.who(penalised) or (penalised.text if penalised.pos_ == "PROPN" else None)
    penaliser = s.ctx.prep_object(verb, "by") or s.ctx.child(verb, "nsubj")
    if penaliser is not None and s.outside(penaliser):
        # one authority is named in many ways: its country, when given, names it alike
        s.counterpart = s.ctx.owner(penaliser) or s.who(penaliser)


@rule("Analysts said Germany's unemployment rate rose to 6.3%.", subject="Germany")
def noun_owner(s: RoleState) -> None:
    """The owner of the metric noun (possessive, demonym, compound) is the subject:
    "Analysts said Germany's unemployment rate rose to 6.3%."."""
    if s.metric_noun is not None:
        s.subject = s.ctx.owner(s.metric_noun) or s.subject


@rule("Drugmaker Orlan Labs is recalling about 2 million bottles of its cough syrup Tussiva, "
      "the Food and Drug Administration announced on Friday.",
      subject="Drugmaker Orlan Labs")
def possessive_of(s: RoleState) -> None:
    """ "its"/"their" in the metric noun's "of" phrase refers back to the sentence's subject,
    not to the (product) name after it: "Drugmaker Orlan Labs is recalling about 2 million
    bottles of its cough syrup Tussiva, the Food and Drug Administration announced on
    Friday."."""
    of = s.of_phrase()
    if of is not None and s.subject is None and \
            (antecedent := s.possessive_antecedent(of)) is not None:
        s.subject = antecedent


@rule("Shares of Siemens fell 4% on Tuesday.", subject="Siemens")
def of_phrase_owner(s: RoleState) -> None:
    """The metric noun's "of" phrase names whose it is (a name, or a noun with an owner),
    else what it is of: "Shares of Siemens fell 4% on Tuesday."."""
    of = s.of_phrase()
    if of is not None and of.pos_ == "PROPN" and s.subject is None:
        s.subject = s.ctx.entity(of)  # "shares of <company>", "exports of <country>"
    elif of is not None and of.pos_ == "NOUN" and s.subject is None and \
            s.ctx.owner(of) is not None:
        s.subject = s.ctx.owner(of)  # "sales of German carmakers": Germany
    elif s.object is None and of is not None and of.pos_ == "NOUN":
        s.object = s.ctx.compact_np(of)


@rule("Shipments to Japan rose 5% in May.", counterpart="Japan")
def noun_to_counterpart(s: RoleState) -> None:
    """The metric noun's "to"/"into" phrase is the other side: "Shipments to Japan rose 5% in
    May."."""
    if s.metric_noun is None:
        return
    to = s.ctx.prep_object(s.metric_noun, "to", "into")
    if to is not None:
        s.counterpart = s.ctx.entity(to, acting=False)


@rule("Imports from Mexico fell 4% in June.", counterpart="Mexico")
def noun_from(s: RoleState) -> None:
    """The metric noun's "from" phrase is the other side of imports, else the subject:
    "Imports from Mexico fell 4% in June."."""
    if s.metric_noun is None:
        return
    source_of = s.ctx.prep_object(s.metric_noun, "from")
    if source_of is not None:
        who = s.ctx.entity(source_of, acting=False)
        if who and s.metric and s.metric.startswith("import"):
            s.counterpart = s.counterpart or who
        elif who:
            s.subject = s.subject or who


@rule("Norway shipped 2 million barrels to Poland.", counterpart="Poland")
def verb_to_counterpart(s: RoleState) -> None:
    """The "to"/"into" phrase of the figure's verb is the other side: "Norway shipped 2 million
    barrels to Poland."."""
    if s.counterpart is not None or s.verb is None:
        return
    to = s.ctx.prep_object(s.verb, "to", "into")
    if to is not None and s.outside(to):
        s.counterpart = s.ctx.entity(to, acting=False)


@rule("Sales in the region held up. Skoda and Seat: 41,200 registrations.",
      subject="Skoda and Seat")
def labelled_figure(s: RoleState) -> None:
    """A figure right after a colon that ends a label of names (a list or table written as
    prose) is the label's, not the story's main subject: "Sales in the region held up. Skoda
    and Seat: 41,200 registrations."."""
    if s.subject is not None:
        return
    doc = s.d.tokens.doc
    colon = s.d.tokens.start - 1
    if colon <= s.d.sent.start or doc[colon].text != ":":
        return
    start = next((k + 1 for k in range(colon - 1, s.d.sent.start - 1, -1)
                  if doc[k].text in (":", ";", ".")), s.d.sent.start)
    label = doc[start:colon]
    if 0 < len(label) <= _LABEL_TOKENS and all(
            t.pos_ in ("PROPN", "NUM", "CCONJ", "PUNCT") for t in label) and \
            any(t.pos_ == "PROPN" for t in label):
        s.subject = label.text


# A label before a colon is a few names ("Model S and Model X", "Skoda and Seat"); a longer
# stretch is a sentence of its own.
_LABEL_TOKENS = 8


@rule("Prices held steady elsewhere but not in Spain, where rents jumped 12%.",
      subject="Spain")
def clause_entity(s: RoleState) -> None:
    """The antecedent of a "where" clause, or an "in <country>" on the verb, is the subject (the
    same clause beats a subject carried from earlier): "Prices held steady elsewhere but not in
    Spain, where rents jumped 12%."."""
    if s.subject is None:
        s.subject = s.clause_entity()


@rule("Toyota sold more cars abroad, with sales rising 12%.", subject="Toyota")
def clause_above(s: RoleState) -> None:
    """A figure whose own clause names nobody belongs to the subject of the clause above it
    (not a reporting one): "Toyota sold more cars abroad, with sales rising 12%."."""
    if s.subject is not None:
        return
    for climb, upper in s.clauses_above():
        if climb.lemma_.lower() not in s.lex.reporting_verbs and upper is not None and \
                s.outside(upper):
            s.subject = s.who(upper) or (
                s.ctx.owner(upper) if upper.pos_ == "NOUN" else None)
            if s.subject is not None:
                return


@rule("Volvo said sales rose 5% in the quarter.", subject="Volvo")
def reporting_speaker(s: RoleState) -> None:
    """A country or company reporting a figure with no owner of its own reports its own (a
    wire service that "said" is only the source): "Volvo said sales rose 5% in the
    quarter."."""
    if s.subject is not None:
        return
    for climb, upper in s.clauses_above():
        if climb.lemma_.lower() in s.lex.reporting_verbs and upper is not None and \
                s.outside(upper):
            speaker = s.speaker(upper)
            if speaker is not None:
                s.subject = speaker
                return


# ------------------------------------------------------------------ last


@rule("The EU said imports into the EU rose 5% in May.", subject="European Union",
      counterpart=None)
def not_its_own_counterpart(s: RoleState) -> None:
    """A figure's subject is never also its other side: "The EU said imports into the EU rose
    5% in May."."""
    if s.subject is not None and s.subject == s.counterpart:
        s.counterpart = None
