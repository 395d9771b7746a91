"""Role rules for what a figure measures: its metric, object and (for bare numbers) unit.

Each rule's docstring gives one example sentence; ``@rule`` records it with the claim fields
that sentence must yield. Their order is in ``roles.RULES``.
"""

from __future__ import annotations

import dataclasses
import re

from extractor.claims.nlp.figures import counted_noun, people_name
from extractor.claims.nlp.locales import locale_vocab
from extractor.claims.nlp.role_state import RoleState, rule

# ------------------------------------------------------------------ from the figure's own words


@rule("Women made up 40% of the workforce.", metric="share", object="workforce")
def share_of_whole(s: RoleState) -> None:
    """A share measures "share", of the whole its "of" phrase names: "Women made up 40% of
    the workforce."."""
    if s.d.basis != "share":
        return
    s.metric = "share"
    of = s.ctx.prep_object(s.anchor, "of") or s.ctx.prep_object(s.anchor.head, "of")
    if of is not None:
        s.object = s.ctx.compact_np(of, with_of=True)


@rule("Brazil is the second-largest producer of coffee.", metric="producer")
def ranked_noun(s: RoleState) -> None:
    """A rank measures the noun it ranks: "Brazil is the second-largest producer of coffee."."""
    if s.d.basis != "rank":
        return
    noun = s.anchor.head if s.anchor.head.pos_ == "NOUN" else None
    # a standing ("finished fourth", "came first") ranks a place, not its verb
    s.metric = noun.lemma_.lower() if noun is not None else "place"


@rule("Police arrested 1,243 protesters over the weekend.", unit="count", object="protesters")
def counted_object(s: RoleState) -> None:
    """A count is of the noun it counts: "Police arrested 1,243 protesters over the
    weekend."."""
    if s.d.basis in ("share", "rank") or s.d.unit != "count":
        return
    noun = counted_noun(s.d)
    if noun is not None:
        s.object = s.ctx.compact_np(noun)


@rule("The bank wrote off $4.8 billion of bad loans.", object="bad loans")
def amount_of_noun(s: RoleState) -> None:
    """An amount "of" a noun is an amount of that thing: "The bank wrote off $4.8 billion of
    bad loans."."""
    if s.d.kind not in ("number", "money") or s.object is not None:
        return
    of = s.ctx.prep_object(s.anchor, "of")
    if of is not None and of.pos_ == "NOUN":
        s.object = s.ctx.compact_np(of)


@rule("The city signed a $40 million contract with the builder.", metric="contract")
def modified_noun(s: RoleState) -> None:
    """An amount that modifies a noun measures it: "The city signed a $40 million contract with
    the builder."."""
    d, head = s.d, s.anchor.head
    if d.basis == "absolute" and d.unit not in (None, "count") and \
            s.anchor.dep_ in ("compound", "nmod", "amod", "nummod") and \
            head.pos_ == "NOUN" and s.outside(head) and s.ctx.is_metric_noun(head):
        words = [t.lower_ for t in head.lefts if t.dep_ == "compound" and s.outside(t)]
        s.metric = " ".join([*words, head.lower_])


# ------------------------------------------------------------------ from the figure's verb


@rule("The floods forced 12,000 people from their homes.", metric="displacements")
def verb_phrase_metric(s: RoleState) -> None:
    """A verb with its preposition or particle names the metric (`verb_metrics` "force from"):
    "The floods forced 12,000 people from their homes."."""
    phrase = s.phrase_metric()
    if phrase is not None and s.metric is None:
        s.metric = phrase


@rule("Some 3 million Canadians take the drug.", metric="people", object="Canadians",
      subject="Canada")
def nationals_are_people(s: RoleState) -> None:
    """A count of nationals counts people of that country: "Some 3 million Canadians take the
    drug."."""
    if s.verb is None or s.d.unit != "count" or s.metric is not None or \
            not (s.generic or s.lemma not in s.lex.verb_metrics):
        return
    counted = counted_noun(s.d)
    if counted is not None and people_name(counted):
        s.metric, s.object = "people", counted.text
        s.subject = s.subject or s.ctx.entity(counted)


@rule("Voters cast 1.2 million ballots on Sunday.", metric="ballots")
def counted_noun_metric(s: RoleState) -> None:
    """A count under a verb that names no metric measures the counted noun: "Voters cast 1.2
    million ballots on Sunday."."""
    if s.verb is None or s.d.unit != "count" or s.metric is not None or \
            not (s.generic or s.lemma not in s.lex.verb_metrics):
        return
    counted = counted_noun(s.d)
    s.metric = counted.lower_ if counted is not None else None


@rule("The central bank raised its key rate to 5.25%.", metric="rate")
def verb_moves_object(s: RoleState) -> None:
    """A verb that moves its object to or by the figure measures that object, and its subject
    is the mover: "The central bank raised its key rate to 5.25%."."""
    verb, top = s.verb, s.top
    if verb is None or s.metric is not None:
        return
    dobj = s.ctx.child(verb, "dobj")
    if dobj is not None and s.outside(dobj) and s.ctx.is_metric_noun(dobj) and (
            s.lemma in s.lex.up_verbs or s.lemma in s.lex.down_verbs
            or (top.dep_ == "pobj" and top.head.lower_ in ("to", "at", "by")
                and top.head.head in (verb, dobj))):
        s.metric_noun = dobj
        if s.subj is not None:
            s.subject = s.who(s.subj)


@rule("Revenue rose to $4.8 billion.", metric="revenue")
def subject_noun(s: RoleState) -> None:
    """The subject noun of a verb of change measures the figure: "Revenue rose to $4.8
    billion."."""
    # after verb_moves_object: "raised its key rate" measures the rate, not the bank
    if s.verb is None or s.metric_noun is not None:
        return
    subj = s.subj
    if subj is not None and s.ctx.is_metric_noun(subj) and (
            s.generic or subj.lemma_.lower() == s.lemma):
        s.metric_noun = subj


@rule("Volvo sold 3,000 trucks in May.", metric="sales", subject="Volvo")
def verb_names_metric(s: RoleState) -> None:
    """A verb that is not of change or saying names the metric (`verb_metrics`, else the verb
    with an "s"), its subject is whose: "Volvo sold 3,000 trucks in May."."""
    if s.verb is None or s.metric_noun is not None or s.generic or s.metric is not None:
        return
    # the verb with an "s" is an English noun only ("vendre" + "s" names nothing)
    s.metric = s.ctx.metric_from_verb(s.verb) if s.lex.lang == "en" else \
        s.lex.verb_metrics.get(s.lemma)
    if s.subj is not None:
        s.subject = s.who(s.subj)


@rule("Toyota reported sales up 4% in May.", metric="sales")
def object_noun(s: RoleState) -> None:
    """The object noun of a verb measures the figure when nothing else does: "Toyota reported
    sales up 4% in May."."""
    if s.verb is None or s.metric_noun is not None or s.metric is not None:
        return
    dobj = s.ctx.child(s.verb, "dobj")
    if dobj is not None and s.ctx.is_metric_noun(dobj) and s.outside(dobj):
        s.metric_noun = dobj


@rule("The group sold the chain for $2 billion.", metric="price", object="chain")
def price_paid(s: RoleState) -> None:
    """Money "for" a verb's object is the price paid for it: "The group sold the chain for $2
    billion."."""
    verb, top = s.verb, s.top
    if verb is None or s.d.kind != "money" or s.metric_noun is not None or \
            top.dep_ != "pobj" or top.head.lower_ != "for" or \
            top.head.head not in (verb, s.ctx.child(verb, "dobj")) or \
            s.lemma in s.lex.reporting_verbs:
        return
    s.metric = "price"
    dobj = s.ctx.child(verb, "dobj")
    if dobj is not None and s.outside(dobj) and dobj.pos_ == "NOUN":
        s.object = s.object or s.ctx.compact_np(dobj)


# ------------------------------------------------------------------ from the noun it is of


@rule("Car sales to the US surge 60% in May", headline=True, metric="sales")
def headline_subject_noun(s: RoleState) -> None:
    """A headline whose verb the tagger reads as a noun: the subject of whatever heads the
    figure is what is measured: "Car sales to the US surge 60% in May"."""
    if s.verb is not None or s.metric_noun is not None:
        return
    for above in s.anchor.ancestors:
        subj_noun = s.ctx.child(above, "nsubj")
        if subj_noun is not None and s.outside(subj_noun) and s.ctx.is_metric_noun(subj_noun):
            s.metric_noun = subj_noun
            return


@rule("The carrier posted a profit of 1.42 billion euros.", metric="profit", object="profit")
def amount_of_metric_noun(s: RoleState) -> None:
    """The noun an amount is "of" is what is measured, whatever the verb: "The carrier posted a
    profit of 1.42 billion euros."."""
    d, anchor, top = s.d, s.anchor, s.top
    head = anchor.head
    of_head = head.head if anchor.dep_ == "pobj" and head.lower_ == "of" else None
    if of_head is None and top.dep_ == "pobj" and top.head.lower_ == "of":
        of_head = top.head.head  # "winds of 185 kilometres per hour": the unit's head
    if d.basis == "absolute" and d.unit not in (None, "count") and of_head is not None and \
            of_head.pos_ == "NOUN" and s.outside(of_head) and s.ctx.is_metric_noun(of_head):
        s.metric_noun, s.metric = of_head, of_head.lower_


@rule("There was a 12 percent increase in sales last month.", metric="sales")
def change_in_noun(s: RoleState) -> None:
    """A change noun's "in"/"of" phrase is what changed: "There was a 12 percent increase in
    sales last month."."""
    anchor, ctx = s.anchor, s.ctx
    if s.metric_noun is not None or anchor.head.pos_ != "NOUN" or anchor.head is anchor or \
            not ctx.is_metric_noun(anchor.head) or s.d.basis not in ("change", "multiple"):
        return
    inner = ctx.prep_object(anchor.head, "in", "of")
    if inner is not None and ctx.is_metric_noun(inner):
        s.metric_noun = inner


@rule("Ticket sales climbed 8% in the spring.", metric="sales")
def metric_from_noun(s: RoleState) -> None:
    """The metric noun names the metric unless a rule named it already: "Ticket sales climbed
    8% in the spring."."""
    if s.metric_noun is not None and s.metric is None:
        s.metric = s.metric_noun.lower_


@rule("The airline reported a loss of $310 million.", object="loss")
def figure_is_the_of_phrase(s: RoleState) -> None:
    """When the metric noun's "of" phrase is the figure itself, the noun is also the object
    (never the unit): "The airline reported a loss of $310 million."."""
    if s.metric_noun is None:
        return
    of = s.ctx.prep_object(s.metric_noun, "of")
    if of is not None and not s.outside(of):
        s.object = s.object or s.ctx.compact_np(s.metric_noun)


@rule("Steel imports rose 8% in March.", object="Steel")
def compound_object(s: RoleState) -> None:
    """A common-noun compound of the metric noun is the object: "Steel imports rose 8% in
    March."."""
    if s.metric_noun is None or s.object is not None:
        return
    mods = [t for t in s.metric_noun.lefts if t.dep_ == "compound"
            and t.pos_ == "NOUN" and t.ent_type_ == ""]
    if mods:
        s.object = s.ctx.compact_np(mods[-1])


# ------------------------------------------------------------------ bare numbers, late


@rule("The number of flights fell to 320 on Monday.", unit="count", object="flights")
def number_of_noun(s: RoleState) -> None:
    """ "The number of X" counts X: "The number of flights fell to 320 on Monday."."""
    # after the metric-noun rules: "number" is no metric noun, and X is only what is counted
    verb = s.verb
    if not s.is_bare_number() or s.metric_noun is not None or verb is None:
        return
    subj = s.ctx.subject_of(verb)
    counted = s.ctx.prep_object(subj, "of") if subj is not None and \
        subj.lower_ in ("number", "total", "tally", "count") else None
    if counted is not None and counted.pos_ == "NOUN":
        s.metric_noun = counted


@rule("The death toll climbed to 67.", unit="count", object="death toll", metric="deaths")
def bare_count_of_noun(s: RoleState) -> None:
    """A bare number of a noun that is no scale reading counts it (`noun_metrics` may rename
    it): "The death toll climbed to 67."."""
    noun = s.metric_noun
    if not s.is_bare_number() or noun is None or \
            noun.lemma_.lower() in s.lex.measure_nouns or noun.lemma_.lower() in s.lex.rate_nouns:
        return
    s.d.unit = "count"
    s.object = s.ctx.compact_np(noun)
    s.metric = s.lex.noun_metrics.get(s.object.lower()) or s.lex.noun_metrics.get(
        noun.lemma_.lower()) or s.metric


@rule("The playmaker, 22, joined the club on Friday.", unit="year", metric="age")
def age_of_a_person(s: RoleState) -> None:
    """A bare whole number written as someone's age is years old: "aged just 17", "at the age of
    16", "turns 20", "At 55, he ...", "The playmaker, 22, joined the club on Friday." (a name
    with its age is people.py's; these are the ages its rules do not read)."""
    d = s.d
    if not s.is_bare_number() or s.lex.lang != "en" or not float(d.value).is_integer() or \
            not 0 < d.value <= 120 or d.mention.scaled:
        return
    doc, start = d.tokens.doc, d.tokens.start
    num = next((t for t in d.tokens if t.idx >= d.mention.num_start), d.tokens[-1])
    if "," in num.text:
        return
    prev = doc[start - 1] if start > d.sent.start else None
    prev2 = doc[start - 2] if start - 1 > d.sent.start else None
    nxt = doc[num.i + 1] if num.i + 1 < len(doc) else None
    words = (prev2.lower_ if prev2 is not None else "", prev.lower_ if prev is not None else "")
    person = any(t.dep_ in ("nsubj", "nsubjpass") and (
        t.pos_ == "PROPN" or t.lower_ in ("he", "she") or t.ent_type_ == "PERSON")
        for t in d.sent)
    age = (words[1] == "aged" or words == ("age", "of")
           or (prev is not None and prev.lemma_.lower() == "turn" and person)
           or (words[1] == "at" and start - 1 == d.sent.start and nxt is not None
               and nxt.text == "," and person)
           or (words[1] == "," and nxt is not None and nxt.text == "," and num.dep_ == "appos"
               and num.head.tag_ in ("NN", "NNP") and prev2 is not None
               and prev2.i == num.head.i))
    if age:
        d.unit, s.metric = "year", "age"
        if prev is not None and prev.lemma_.lower() == "turn" and \
                prev.tag_ in ("VBZ", "VBP", "VBG"):
            # "turns 20 on Tuesday": 19 until the birthday, so 19 elsewhere is no conflict
            d.mention = dataclasses.replace(d.mention, qualifier="nearly")


@rule("The strongest aftershock measured 5.2.", unit="magnitude")
def magnitude_of_a_quake(s: RoleState) -> None:
    """A bare decimal in a sentence about an earthquake is its magnitude ("put its strength at
    7.9", "recorded it as a 7.9", "After the 7.7: how the quake unfolded"): "The strongest
    aftershock measured 5.2." (quake nouns: units.yaml `magnitude`)."""
    d = s.d
    m = d.mention
    raw = d.tokens.text[m.num_start - d.tokens.start_char:m.num_end - d.tokens.start_char]
    if not s.is_bare_number() or s.lex.lang != "en" or m.scaled or \
            not re.fullmatch(r"\d\.\d", raw) or not 2 <= d.value < 10:
        return
    quake = {str(w).lower() for w in s.lex.units.get("words", {}).get("magnitude", [])}
    if any(t.lemma_.lower() in quake or t.lower_ in quake for t in d.sent):
        d.unit = "magnitude"
        s.metric = s.metric or "magnitude"


@rule("More than 5,600 were injured in the blast.", unit="count")
def whole_number_count(s: RoleState) -> None:
    """A bare whole number that no rule above gave a unit counts something, its noun elided or
    said by a verb: "More than 5,600 were injured in the blast.", "The toll passed 800.",
    "Liberals 141, Greens 38". A scale reading ("the index rose to 310": `measure_nouns`,
    `rate_nouns`) and a decimal as written ("5.2": a magnitude, a rate) keep no unit."""
    d = s.d
    if not s.is_bare_number() or (d.value < 0 and d.basis != "change") or \
            not float(d.value).is_integer():
        return  # "revised down by 258,000" counts; "minus 12" alone is a level of something
    m = d.mention
    raw = d.tokens.text[m.num_start - d.tokens.start_char:m.num_end - d.tokens.start_char]
    decimal = "." if s.lex.lang == "en" else locale_vocab(s.lex.lang).decimal
    if not m.scaled and decimal in raw:
        return
    measures = s.lex.measure_nouns | s.lex.rate_nouns
    near = [t for t in (s.metric_noun, s.subj,
                        s.ctx.subject_of(s.verb) if s.verb is not None else None) if t is not None]
    if any(t.lemma_.lower() in measures or t.lower_ in measures for t in near):
        return
    d.unit = "count"


@rule("Inspectors found the toxin at 3.4 times the daily intake.", object="daily intake",
      metric="intake")
def multiple_of_noun(s: RoleState) -> None:
    """A multiple of a noun is of that noun, never of the verb of a neighbouring clause; the
    metric is the noun the phrase qualifies when the parse hangs it there ("the impurity at
    ..."), else the noun itself: "Inspectors found the toxin at 3.4 times the daily
    intake."."""
    if s.d.basis != "multiple":
        return
    base = s.multiple_base()
    if base is not None:
        s.object = s.ctx.compact_np(base)
        holder = base.head.head if base.dep_ == "pobj" else None
        s.metric = (holder.lemma_.lower() if holder is not None and holder.pos_ == "NOUN"
                    else base.lemma_.lower())


@rule("3,600 houses were destroyed and 21,500 damaged.", figure="21,500", unit="count",
      object="houses", metric="damaged")
def elided_count(s: RoleState) -> None:
    """A bare number coordinated with a count counts the same noun, and its own verb says
    what happened to them: "3,600 houses were destroyed and 21,500 damaged."."""
    verb = s.verb
    if not s.is_bare_number() or verb is None:
        return
    gapped = s.gapped_count()
    if gapped is not None:
        s.d.unit, s.object = "count", s.ctx.compact_np(gapped)
        if s.lemma not in s.lex.generic_verbs:
            # the participle as written ("flooded") when no metric name is known
            s.metric = str(s.lex.verb_metrics.get(s.lemma, verb.lower_))
