"""Figures in German, French, Spanish, Italian and Portuguese through each language's real
pipeline (blank + sentencizer, or fr_core_news_sm), with the same normalised value, unit and
period as English; and the number, unit and date vocabulary read from CLDR, text2num and
dateparser (locales.py), never from a word list of ours."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language

from extractor.claims.nlp import load_language, make_doc
from extractor.claims.nlp.lexicon import Lexicon, read_vocab
from extractor.claims.nlp.local_dates import LocalDates
from extractor.claims.nlp.locales import locale_vocab, parse_local_number, word_numbers
from extractor.claims.nlp.numbers import normalize_text
from extractor.core.records import Claim

Run = Callable[[str, str, str], list[Claim]]


@pytest.fixture(scope="module")
def pipelines() -> dict[str, Language]:
    return {}


@pytest.fixture(scope="module")
def run(pipelines: dict[str, Language]) -> Run:
    def claims(lang: str, text: str, published: str) -> list[Claim]:
        if lang not in pipelines:
            pipelines[lang] = load_language(lang)
        nlp = pipelines[lang]
        return [c for c in nlp(make_doc(nlp, text, published=published))._.claims
                if c.kind == "quantity"]

    return claims


def figure(claims: list[Claim], text: str) -> Claim:
    found = [c for c in claims if text in c.text or c.text in text]
    assert found, f"no claim for {text!r} in {[c.text for c in claims]}"
    return found[0]


# --------------------------------------------------------------------------- CLDR and text2num


@pytest.mark.parametrize(("lang", "written", "value"), [
    ("de", "2,95", 2.95), ("de", "13.400", 13400), ("es", "1.200", 1200), ("it", "64.327", 64327),
    ("pt", "81.118", 81118), ("fr", "81 118", 81118), ("fr", "7,7", 7.7),
    ("de", "7.7", 7.7),  # a dot before other than three digits is a decimal point
])
def test_a_number_is_read_with_its_languages_separators(lang: str, written: str,
                                                        value: float) -> None:
    assert parse_local_number(written, locale_vocab(lang)) == pytest.approx(value)


def test_scale_words_and_their_plurals_come_from_cldr() -> None:
    de, es, pt = locale_vocab("de"), locale_vocab("es"), locale_vocab("pt")
    assert de.scales["milliarden"] == de.scales["milliarde"] == 1e9
    assert de.scales["mrd."] == 1e9 and de.scales["millionen"] == 1e6
    assert es.scales["mil millones"] == 1e9 and es.scales["millones"] == 1e6
    assert pt.scales["bilhões"] == 1e9 and pt.scales["mil milhões"] == 1e9  # Brazil, Portugal
    assert pt.letter_scales["bi"] == 1e9  # "R$ 4 bi": with a currency only


def test_currency_names_resolve_to_codes_or_to_the_ambiguous_name() -> None:
    ambiguous = (("DOLLAR", ("AUD", "CAD", "USD")), ("POUND", ("EGP", "GBP")))
    fr, es, de = (locale_vocab(lang, ambiguous) for lang in ("fr", "es", "de"))
    assert fr.currency_words["euros"] == "EUR"
    assert fr.currency_words["dollars"] == "DOLLAR"  # which dollar: the article's country
    assert fr.currency_words["dollars des états-unis"] == "USD"
    assert es.currency_words["dólares"] == "DOLLAR" and es.currency_words["libras"] == "POUND"
    assert de.currency_words["us-dollar"] == "USD"


def test_unit_and_calendar_words_come_from_cldr_and_dateparser() -> None:
    de, fr = locale_vocab("de"), locale_vocab("fr")
    assert de.units["sekunden"] == "second" and de.units["jahren"] == "year"  # dative plural
    assert de.units["gigawattstunden"] == "kwh" and de.unit_factors["gigawattstunden"] == 1e6
    assert fr.units["secondes"] == "second" and "pour cent" in fr.percent
    assert de.months["märz"] == 3 and fr.weekdays["dimanche"] == 6
    assert de.relative["gestern"] == "yesterday"


def test_number_words_are_text2nums() -> None:
    text = "huit minutes plus tard, vingt et un buts"
    found = [(text[w.start:w.end], w.value) for w in word_numbers(text, "fr")]
    assert found == [("huit", 8), ("vingt et un", 21)]


def test_in_number_spaces_become_the_languages_group_sign() -> None:
    assert normalize_text("3\u202f188 tonnes") == "3,188 tonnes"  # English: a comma
    assert normalize_text("81\u202f118 spectateurs", "fr") == "81 118 spectateurs"


@pytest.mark.parametrize(("lang", "text", "phrase"), [
    ("de", "Die Union gewann am Sonntag die Wahl.", "sunday"),
    ("de", "Im zweiten Quartal 2025 sank der Absatz.", "second quarter of 2025"),
    ("fr", "Le séisme a frappé le 28 mars 2025.", "28 march 2025"),
    ("fr", "Il avait démissionné vendredi dernier.", "last friday"),
    ("es", "La inflación subió en junio.", "june"),
    ("es", "El 28 de marzo de 2025 tembló la tierra.", "28 march 2025"),
    ("it", "L'anno scorso il Pil è cresciuto.", "last year"),
    ("pt", "No segundo trimestre de 2025 as vendas caíram.", "second quarter of 2025"),
])
def test_a_date_phrase_is_said_the_english_way(lang: str, text: str, phrase: str) -> None:
    dates = LocalDates(Lexicon(read_vocab(), lang))
    assert phrase in [english for _, _, english in dates.find(text)]


# --------------------------------------------------------------------------- through the pipeline


@pytest.mark.parametrize(("lang", "text", "figure_text", "value", "unit"), [
    ("de", "Brüssel verhängt eine Strafe von 2,95 Milliarden Euro gegen den Konzern.",
     "2,95 Milliarden Euro", 2.95e9, "EUR"),
    ("de", "Die Partei erhielt 28,5 Prozent, 4,4 Prozentpunkte mehr als zuvor.",
     "4,4 Prozentpunkte", 4.4, "percentage_point"),
    # a cut is a fall of a quarter point, as "cut its key rate by a quarter point" in English
    ("de", "Die Notenbank senkte den Leitzins um einen Viertelprozentpunkt.",
     "einen Viertelprozentpunkt", -0.25, "percentage_point"),
    ("de", "Er war vor dreieinhalb Jahren gewählt worden.", "dreieinhalb Jahren", 3.5, "year"),
    ("fr", "Chelsea s'est imposé devant 81 118 spectateurs.", "81 118", 81118, "count"),
    ("fr", "Google a payé environ 125 millions de dollars pour la société.",
     "125 millions de dollars", 1.25e8, "USD"),
    ("fr", "Palmer a ouvert le score à la 22e minute.", "22e minute", 22, "minute"),
    ("es", "Bruselas multa a Google con 2.950 millones de euros por abuso.",
     "2.950 millones de euros", 2.95e9, "EUR"),
    ("es", "La Reserva Federal bajó los tipos 25 puntos básicos.", "25 puntos básicos", 0.25,
     "percentage_point"),
    ("es", "Dieciocho pacientes fueron hospitalizados.", "Dieciocho", 18, "count"),
    ("it", "La Fed ha tagliato i tassi di un quarto di punto.", "quarto di punto", 0.25,
     "percentage_point"),
    ("it", "Hakimi ha segnato al 12' del primo tempo.", "12'", 12, "minute"),
    ("pt", "O clube recebeu aproximadamente R$ 450 milhões pela venda.", "R$ 450 milhões",
     4.5e8, "BRL"),
    ("pt", "A rede perdeu 15 gigawatts em cinco segundos.", "cinco segundos", 5, "second"),
    # a fraction of a unit of time, and a span and a half (fractions, and_words)
    ("pt", "Meia hora mais tarde, a luz voltou.", "Meia hora", 0.5, "hour"),
    ("es", "El segundo gol llegó un cuarto de hora más tarde.", "cuarto de hora", 0.25, "hour"),
    ("es", "Los técnicos trabajaron durante una hora y media.", "una hora y media", 1.5, "hour"),
    ("fr", "Le courant est revenu une demi-heure plus tard.", "demi-heure", 0.5, "hour"),
    ("fr", "La panne a duré une heure et demie.", "une heure et demie", 1.5, "hour"),
    ("it", "La luce è tornata mezz'ora dopo.", "mezz'ora", 0.5, "hour"),
    ("de", "Der Strom kam eine halbe Stunde später zurück.", "halbe Stunde", 0.5, "hour"),
    # a percent word that holds a number word ("ciento", "cento", "cent")
    ("es", "El paro bajó al 11 por ciento.", "11 por ciento", 11, "percent"),
    ("pt", "O desemprego caiu para 6 por cento.", "6 por cento", 6, "percent"),
    ("fr", "Le chômage a baissé à 7 pour cent.", "7 pour cent", 7, "percent"),
    ("it", "La disoccupazione è scesa al 6 per cento.", "6 per cento", 6, "percent"),
])
def test_a_figure_gets_the_same_value_and_unit_as_in_english(
        run: Run, lang: str, text: str, figure_text: str, value: float, unit: str) -> None:
    claim = figure(run(lang, text, "2025-07-21"), figure_text)
    assert claim.value == pytest.approx(value) and claim.unit == unit


def test_an_amount_without_its_currency_takes_the_one_just_named(run: Run) -> None:
    claims = run("es", "La multa de 4.340 millones de euros de 2018 fue la mayor; la de 2017 "
                       "fue de 2.420 millones.", "2025-09-05")
    assert figure(claims, "2.420 millones").unit == "EUR"


def test_a_weekday_resolves_against_the_publication_date(run: Run) -> None:
    claims = run("de", "Die Union hat die Bundestagswahl am Sonntag mit 28,5 Prozent gewonnen.",
                 "2025-02-24")
    claim = figure(claims, "28,5 Prozent")
    assert (claim.period_start, claim.period_end) == ("2025-02-23", "2025-02-23")


def test_scores_and_clock_times_are_no_figures(run: Run) -> None:
    claims = run("pt", "O Chelsea venceu o PSG por 3 a 0 às 16h30 diante de 81.118 pessoas.",
                 "2025-07-13")
    assert [c.text for c in claims] == ["81.118"]
    claims = run("es", "El sistema se vino abajo a las 12.33 y volvió a las seis.", "2025-04-29")
    assert claims == []


def test_an_ordinal_before_a_function_word_ranks_nothing(run: Run) -> None:
    claims = run("pt", "Segundo a REN, a segunda central voltou a funcionar.", "2025-04-29")
    assert [(c.text, c.unit) for c in claims] == [("segunda central", "rank")]


@pytest.mark.parametrize(("lang", "text", "rank"), [
    ("fr", "C'est la deuxième plus lourde amende infligée au groupe.", "deuxième plus"),
    ("es", "Fue la segunda más poderosa de su historia.", "segunda más"),
])
def test_an_ordinal_before_the_word_for_most_ranks(run: Run, lang: str, text: str,
                                                   rank: str) -> None:
    # languages.yaml `superlative`: "plus", "más" are stop words, but they make a rank
    claims = run(lang, text, "2025-09-05")
    assert [(c.text, c.value, c.unit) for c in claims] == [(rank, 2.0, "rank")]


def test_every_before_an_ordinal_is_one_in_that_many(run: Run) -> None:
    # languages.yaml `every_words`: "jeder vierte Wähler" is one voter in four
    claims = run("de", "Fast jede siebte Zweitstimme blieb ohne Wirkung, und jeder vierte Wähler "
                       "unter 25 wählte links.", "2025-02-24")
    shares = {c.text: (round(c.value or 0, 2), c.unit, c.basis) for c in claims}
    assert shares["Fast jede siebte Zweitstimme"] == (14.29, "percent", "share")
    assert shares["jeder vierte Wähler"] == (25.0, "percent", "share")


@pytest.mark.parametrize(("lang", "text", "bare"), [
    ("es", "El visitante abrió el marcador en el minuto 9 y cerró la victoria en el 58; el "
           "portero paró un penalti en el 77 y nada cambió.", ["en el 58", "en el 77"]),
    ("pt", "O avançado marcou aos 17 minutos e voltou a marcar aos 64, de cabeça.",
     ["aos 64"]),
    ("es", "Hakimi marcó en el minuto 12 y Mayulu cerró la goleada al 86.", ["al 86"]),
    ("it", "Hakimi ha segnato al 12' e Mayulu ha chiuso la partita al 86.", ["al 86"]),
])
def test_a_plain_number_after_a_minute_lead_is_a_minute_where_the_article_states_one(
        run: Run, lang: str, text: str, bare: list[str]) -> None:
    # languages.yaml `minute_leads`; LocalMentionFinder._match_minutes
    claims = run(lang, text, "2025-05-31")
    for written in bare:
        claim = figure(claims, written)
        assert (claim.unit, claim.value) == ("minute", float(written.split()[-1]))


@pytest.mark.parametrize(("lang", "text", "written"), [
    ("pt", "O antigo presidente do clube morreu aos 81, disse a família.", "81"),
    ("es", "La tasa de paro quedó en el 12, según el instituto.", "12"),
    # a duration is no stated minute: "12 minutos después" is no match report
    ("es", "La réplica llegó 12 minutos después; la anterior fue en el 63, dijo el instituto.",
     "63"),
])
def test_a_plain_number_after_a_minute_lead_is_no_minute_where_no_minute_is_stated(
        run: Run, lang: str, text: str, written: str) -> None:
    claims = run(lang, text, "2025-05-31")
    assert all(c.unit != "minute" for c in claims if written in c.text)


def test_a_bracketed_digit_ordinal_is_a_minute_where_the_article_states_one(run: Run) -> None:
    text = ("L'attaquant a égalisé à la 31e minute. Peu avant la pause (44e), le capitaine a "
            "donné l'avantage aux siens.")
    claim = figure(run("fr", text, "2025-05-31"), "44e")
    assert (claim.unit, claim.value) == ("minute", 44)
    assert all(c.text != "44e" for c in run("fr", "Le club a fini la saison au classement "
                                                  "(44e) derrière ses rivaux.", "2025-05-31"))


@pytest.mark.parametrize(("text", "written", "value", "unit"), [
    ("Der Trainer führte den Verein im Mai zum 7. Pokalsieg.", "7.", 7, "rank"),
    ("Der Ausgleich fiel erst in der 88. Minute.", "88. Minute", 88, "minute"),
])
def test_digits_and_a_full_stop_after_an_article_are_a_german_ordinal(
        run: Run, text: str, written: str, value: float, unit: str) -> None:
    # languages.yaml `dot_ordinal_after`; LocalMentionFinder._dot_ordinals
    claim = figure(run("de", text, "2025-06-21"), written)
    assert (claim.value, claim.unit) == (value, unit)


def test_digits_and_a_full_stop_before_a_month_or_a_club_abbreviation_rank_nothing(
        run: Run) -> None:
    claims = run("de", "Am 23. Februar spielte er noch für die Jugend des 1. FC Köln.",
                 "2025-06-21")
    assert all(c.unit != "rank" for c in claims)


def test_a_scale_word_after_digits_is_not_read_with_the_article_after_it(run: Run) -> None:
    # LocalMentionFinder._scale_word: text2num reads "millones un" as 1000001
    claims = run("es", "El club pagó 222 millones de euros en 2017, y el otro costó 180 millones "
                       "un año después.", "2025-06-21")
    claim = figure(claims, "180 millones")
    assert (claim.value, claim.unit) == (1.8e8, "EUR")


def test_a_plain_number_listed_with_the_next_takes_its_unit(run: Run) -> None:
    # LocalMentionFinder._listed_with_next
    claims = run("es", "Los bomberos rescataron a dos vecinos de 84 y 79 años de un edificio en "
                       "llamas.", "2025-04-29")
    claim = figure(claims, "84")
    assert (claim.value, claim.unit) == (84, "year")


def test_the_low_end_of_a_range_to_a_figure_takes_its_unit(run: Run) -> None:
    # languages.yaml `range_to`; LocalMentionFinder._listed_with_next
    claims = run("de", "Die Rendite bewegte sich im Juni in einem Band von 2,75 bis 3,10 Prozent.",
                 "2025-07-02")
    claim = figure(claims, "2,75")
    assert (claim.value, claim.unit) == (2.75, "percent")


def test_a_coordinated_number_repeating_the_preposition_takes_the_prefix_unit(run: Run) -> None:
    # LocalMentionFinder._repeated_prefix
    claims = run("es", "El sismo, de magnitud 6,1 según el servicio nacional y de 6,3 según el "
                       "instituto europeo, sacudió la costa.", "2025-03-28")
    claim = figure(claims, "6,3")
    assert (claim.value, claim.unit) == (6.3, "magnitude")


# --------------------------------------------------------------------------- sentences and days


@pytest.mark.parametrize(("lang", "text"), [
    ("de", "Für Juni steht ein Minus von 13.000. Im Juli waren es 79.000 Stellen."),
    ("es", "En junio se perdieron 13.000. En julio se crearon 79.000 empleos."),
    ("it", "A giugno si sono persi 13.000 posti. A luglio ne sono stati creati 79.000."),
])
def test_a_figure_ending_a_sentence_does_not_borrow_the_next_sentences_month(
        run: Run, lang: str, text: str) -> None:
    claims = run(lang, text, "2025-09-05")
    assert figure(claims, "13.000").period_start == "2025-06-01"
    assert figure(claims, "79.000").period_start == "2025-07-01"


@pytest.mark.parametrize(("lang", "text"), [
    ("de", "Der Arbeitsmarkt hat im August kaum neue Jobs geschaffen. Es entstanden lediglich "
           "22.000 Stellen, wie das Ministerium am Freitag mitteilte."),
    ("es", "El mercado laboral apenas creó empleo en agosto. Se sumaron solo 22.000 puestos, "
           "informó el viernes el ministerio."),
    ("pt", "O mercado de trabalho quase não criou vagas em agosto. Foram apenas 22.000 "
           "empregos, informou o ministério na sexta-feira."),
])
def test_the_day_a_source_said_it_does_not_date_the_figures(run: Run, lang: str,
                                                            text: str) -> None:
    claims = run(lang, text, "2025-09-06")
    assert figure(claims, "22.000").period_start == "2025-08-01"


def test_a_night_leading_into_a_weekday_is_dated_by_the_evening_before(run: Run) -> None:
    claims = run("de", "Das Feuer brach in der Nacht zum Montag aus und zerstörte 12 Häuser.",
                 "2025-03-10")
    claim = figure(claims, "12")
    assert (claim.period_start, claim.period_end) == ("2025-03-09", "2025-03-09")


def test_a_year_after_wie_is_the_base_of_an_equal_comparison(run: Run) -> None:
    claims = run("de", "Die Messe fand am Sonntag statt. Der Umsatz lag bei 14,2 Millionen Euro "
                       "und war damit so hoch wie 2017.", "2025-03-10")
    assert figure(claims, "14,2 Millionen Euro").period_start != "2017-01-01"


@pytest.mark.parametrize(("lang", "text", "new", "old"), [
    ("de", "Im Mai stiegen die Löhne um 2,1 Prozent. Die Teuerung betrug 2,6 Prozent nach "
           "2,8 Prozent im April.", "2,6 Prozent", "2,8 Prozent"),
    ("it", "A maggio i salari sono saliti del 2,1%. L'inflazione si è attestata al 2,6% dopo il "
           "2,8% di aprile.", "2,6%", "2,8%"),
])
def test_a_date_right_after_an_earlier_value_dates_only_that_value(
        run: Run, lang: str, text: str, new: str, old: str) -> None:
    claims = run(lang, text, "2025-06-06")
    assert figure(claims, old).period_start == "2025-04-01"
    assert figure(claims, new).period_start != "2025-04-01"


def test_without_a_parser_a_date_of_the_figures_own_clause_comes_first(run: Run) -> None:
    claims = run("de", "2016 hatte die Behörde eine Strafe von 1,2 Milliarden Euro verhängt, 2018 "
                       "folgten 0,9 Milliarden Euro.", "2025-06-06")
    assert figure(claims, "1,2 Milliarden Euro").period_start == "2016-01-01"
    assert figure(claims, "0,9 Milliarden Euro").period_start == "2018-01-01"


@pytest.mark.parametrize(("lang", "text", "text_of"), [
    ("de", "Der Stürmer kam am Freitagabend in München an. In der abgelaufenen Saison erzielte "
           "er 21 Tore.", "21 Tore"),
    ("it", "L'attaccante è arrivato venerdì sera a Milano. Nella scorsa stagione ha segnato 21 "
           "gol.", "21 gol"),
])
def test_last_season_is_named_but_not_dated(run: Run, lang: str, text: str,
                                            text_of: str) -> None:
    claims = run(lang, text, "2025-06-21")
    assert figure(claims, text_of).period_start is None


def test_a_fiscal_quarter_is_named_but_not_dated_nor_dated_by_the_statement_day(
        run: Run) -> None:
    # languages.yaml `period_words` "fiscal quarter"; FigurePeriods._undatable_lead
    claims = run("de", "Der Konzern hat im dritten Geschäftsquartal 12,5 Milliarden Euro "
                       "umgesetzt. Das sind 9 Prozent mehr als ein Jahr zuvor, teilte das "
                       "Unternehmen am Dienstagabend mit.", "2025-07-30")
    assert figure(claims, "12,5 Milliarden Euro").period_start is None
    assert figure(claims, "9 Prozent").period_start is None


def test_a_figure_after_an_after_value_word_is_an_earlier_count_not_the_days(run: Run) -> None:
    # languages.yaml `after_value`; FigurePeriods._after_word (via _base_figure)
    claims = run("de", "Die Notenbank ließ den Leitzins am Donnerstag bei 3 Prozent. Es ist die "
                       "dritte Pause nach fünf Erhöhungen.", "2025-06-12")
    assert figure(claims, "fünf").period_start is None
    assert figure(claims, "3 Prozent").period_start == "2025-06-12"


def test_a_date_right_after_a_noun_dates_it_rather_than_being_a_base(run: Run) -> None:
    """German "vom" introduces a base after a figure ("von 2,8 Prozent") but dates the noun
    right before it: the election of 14 March, whose result the figures give."""
    claims = run("de", "Bei der Landtagswahl vom 14. März kam die Partei auf 31,5 Prozent der "
                       "Stimmen.", "2026-03-16")
    share = figure(claims, "31,5 Prozent")
    assert (share.period_start, share.period_end) == ("2026-03-14", "2026-03-14")


@pytest.mark.parametrize(("lang", "text", "amount", "word"), [
    ("de", "Für das gesamte Geschäftsjahr meldete der Konzern einen Umsatz von 281,7 Milliarden "
           "Dollar, wie er am Mittwoch mitteilte.", "281,7 Milliarden Dollar", "Geschäftsjahr"),
    ("fr", "Sur l'ensemble de l'exercice, le groupe a réalisé 281,7 milliards de dollars de "
           "chiffre d'affaires, a-t-il indiqué mercredi.", "281,7 milliards de dollars",
     "exercice"),
])
def test_a_companys_own_year_is_named_but_not_dated(run: Run, lang: str, text: str,
                                                     amount: str, word: str) -> None:
    """ "Geschäftsjahr", "exercice": the company's accounting year, whose months the text does
    not give: neither the calendar year nor the day the company spoke."""
    found = figure(run(lang, text, "2025-07-31"), amount)
    assert (found.period_start, found.period_text) == (None, word)


@pytest.mark.parametrize(("lang", "text"), [
    ("de", "Für die Monate Juli bis September erwartet der Konzern Investitionen von mehr als "
           "30 Milliarden Dollar."),
    ("es", "Para los meses de julio a septiembre, la empresa prevé inversiones de más de 30.000 "
           "millones de dólares."),
])
def test_two_months_joined_by_a_range_word_are_one_span(run: Run, lang: str, text: str) -> None:
    found = figure(run(lang, text, "2025-07-31"), "30")
    assert (found.period_start, found.period_end) == ("2025-07-01", "2025-09-30")


def test_a_span_of_months_after_von_is_the_figures_time_not_a_base(run: Run) -> None:
    claims = run("de", "Im Vorquartal, von Januar bis März, hatte das Plus noch bei 33 Prozent "
                       "gelegen.", "2025-07-31")
    assert figure(claims, "33 Prozent").period_start == "2025-01-01"


def test_the_month_a_period_ended_in_is_not_the_figures_time(run: Run) -> None:
    """ "le trimestre clos fin juin": June is when the quarter ended, not the time of the
    figures it reports (which are of the whole quarter)."""
    claims = run("fr", "Au trimestre clos fin juin, le chiffre d'affaires a progressé de 18 %.",
                 "2025-07-31")
    assert figure(claims, "18 %").period_start != "2025-06-01"


@pytest.mark.parametrize(("lang", "text"), [
    ("it", "La proposta è passata con 11 voti favorevoli e uno contrario."),
    ("es", "La junta aprobó la medida por 11 votos a favor y uno en contra."),
])
def test_uno_after_a_count_and_and_is_one_more_of_them(run: Run, lang: str, text: str) -> None:
    claims = run(lang, text, "2025-09-18")
    assert [(c.text, c.value) for c in claims if c.value == 1] == [("uno", 1.0)]


def test_uno_as_an_article_is_no_figure(run: Run) -> None:
    claims = run("es", "La junta aprobó la medida y uno de sus miembros votó en contra.",
                 "2025-09-18")
    assert [c.text for c in claims] == []


@pytest.mark.parametrize(("lang", "text", "said"), [
    ("fr", "En phase de groupes, l'équipe n'a encaissé qu'un seul but.", "un seul"),
    ("es", "En la fase de grupos, el equipo solo sufrió una única derrota.", "una única"),
])
def test_the_article_made_a_count_by_single_is_one(run: Run, lang: str, text: str,
                                                   said: str) -> None:
    found = figure(run(lang, text, "2025-07-14"), said)
    assert (found.text[:len(said)], found.value) == (said, 1.0)


# --------------------------------------------------------------------------- bases and asides


@pytest.mark.parametrize(("lang", "text", "text_of", "base"), [
    ("de", "Die Partei kam am Sonntag auf 31,2 Prozent. Das sind 3,1 Prozentpunkte mehr als bei "
           "der Wahl 2019.", "3,1 Prozentpunkte", "2019-01-01"),
    ("es", "El paro cayó el martes al 9,1 %, dos puntos menos que en 2020.", "dos puntos",
           "2020-01-01"),
    ("es", "La empresa vendió el lunes 3.000 coches, su mejor día desde al menos 2016.",
           "3.000", "2016-01-01"),
    ("it", "Il fatturato è salito lunedì a 5,2 miliardi, 300 milioni in più rispetto al 2022.",
           "300 milioni", "2022-01-01"),
])
def test_a_date_a_few_small_words_after_a_comparison_marker_is_its_base(
        run: Run, lang: str, text: str, text_of: str, base: str) -> None:
    # timeline._after_a_comparison; languages.yaml `base_links`, `than_markers`
    claims = run(lang, text, "2024-03-12")
    assert figure(claims, text_of).period_start != base


def test_a_clause_joining_than_marker_without_a_comparative_is_no_comparison(run: Run) -> None:
    # timeline._compared_before: "als" opening a clause is "when"
    claims = run("de", "Als 2021 die Flut kam, starben 180 Menschen.", "2024-03-12")
    assert figure(claims, "180").period_start == "2021-01-01"


def test_a_date_in_the_complement_of_a_multiple_dates_neither_it_nor_the_figure_it_doubles(
        run: Run) -> None:
    # figure_periods._multiple_base (French, parsed)
    claims = run("fr", "Dimanche, le parti a obtenu 18,4 % des voix, soit le double de son score "
                       "de 2019.", "2024-03-12")
    assert figure(claims, "18,4 %").period_start != "2019-01-01"


def test_without_a_parser_a_date_joined_to_a_figure_by_of_is_only_that_figures(
        run: Run) -> None:
    # figure_periods._of_date; languages.yaml `of_links`
    claims = run("es", "Bruselas multó el viernes a la empresa. Es la tercera multa más alta, por "
                       "detrás de los 2.400 millones de euros de 2017.", "2025-09-05")
    assert figure(claims, "2.400 millones").period_start == "2017-01-01"
    assert figure(claims, "tercera multa").period_start != "2017-01-01"


def test_a_date_of_the_noun_a_figure_fills_is_the_figures_in_a_parsed_language(
        run: Run) -> None:
    # figure_periods._quantified: UD's nmod with "de" ("l'objectif de 42 %")
    claims = run("fr", "Lundi, le réseau a tenu. Le pays reste loin de l'objectif européen de "
                       "42 % fixé pour 2030.", "2025-04-30")
    assert figure(claims, "42 %").period_start == "2030-01-01"


@pytest.mark.parametrize(("lang", "text", "text_of", "other"), [
    ("es", "La Reserva Federal bajó los tipos el miércoles. Los tipos cerrarán el año en el "
           "3,6 %, lo que implica dos recortes en octubre.", "3,6 %",
           ("2025-10-01", "2025-10-31")),
    ("es", "La Reserva Federal bajó los tipos el miércoles. El único disidente fue un asesor, que "
           "había jurado el cargo el martes y que defendía un recorte de medio punto.",
           "medio punto", ("2025-09-16", "2025-09-16")),
])
def test_without_a_parser_a_date_in_a_relative_clause_dates_only_its_figures(
        run: Run, lang: str, text: str, text_of: str, other: tuple[str, str]) -> None:
    # figure_periods._relative_aside; languages.yaml `relative_words`, `and_words`
    claim = figure(run(lang, text, "2025-09-18"), text_of)
    assert (claim.period_start, claim.period_end) != other


@pytest.mark.parametrize(("lang", "text", "text_of", "day"), [
    ("de", "Die Partei holte 20,8 Prozent, doppelt so viel wie 2021, als sie auf 10,3 Prozent "
           "kam.", "10,3 Prozent", "2021-01-01"),
    ("fr", "La panne rappelle celle du 28 septembre 2003, qui avait privé de courant quelque "
           "56 millions de personnes.", "56 millions", "2003-09-28"),
])
def test_a_date_right_before_a_when_or_relative_clause_dates_its_figures(
        run: Run, lang: str, text: str, text_of: str, day: str) -> None:
    # figure_periods._when_date; languages.yaml `when_words`, `relative_words`
    claims = run(lang, text, "2025-04-30")
    assert figure(claims, text_of).period_start == day


def test_a_when_clause_after_an_undated_comparison_is_its_undated_base(run: Run) -> None:
    # figure_periods._when_compared
    claims = run("de", "Die Wahl fand am Sonntag statt. Gegenüber der Wahl vor vier Jahren, als "
                       "sie 10,3 Prozent holte, hat die Partei ihren Anteil verdoppelt.",
                 "2025-02-24")
    assert figure(claims, "10,3 Prozent").period_start is None


def test_back_then_refers_a_figure_to_the_time_just_named_even_a_base(run: Run) -> None:
    # figure_periods._then_date; languages.yaml `then_words`
    claims = run("de", "Gegenüber dem schwachen ersten Quartal ging es aufwärts: Damals hatte "
                       "der Konzern nur 336.681 Autos ausgeliefert.", "2025-07-02")
    assert figure(claims, "336.681").period_start == "2025-01-01"


@pytest.mark.parametrize(("lang", "text", "text_of", "start"), [
    ("de", "Im vergangenen Sommer hatte der Konzern 23 Milliarden Dollar geboten.",
           "23 Milliarden Dollar", "2024-06-01"),
    ("it", "La banca prevede altri due tagli entro la fine dell'anno, per un totale di mezzo "
           "punto.", "mezzo punto", "2025-01-01"),
])
def test_seasons_and_the_end_of_the_year_are_read_as_english_reads_them(
        run: Run, lang: str, text: str, text_of: str, start: str) -> None:
    # local_dates.LocalDates; languages.yaml `year_seasons`, `year_end`
    claims = run(lang, text, "2025-03-18")
    assert figure(claims, text_of).period_start == start


def test_a_date_that_dates_only_an_earlier_value_leaves_the_others_the_storys_time(
        run: Run) -> None:
    # figure_periods.assign_periods: `others` without FigurePeriods._after_value's dates
    claims = run("de", "Der Arbeitsmarkt schuf im August nur 22.000 Stellen.\n\nIm "
                       "Jahresvergleich betrug das Lohnplus 3,7 Prozent nach 3,9 Prozent im "
                       "Juli.", "2025-09-05")
    assert figure(claims, "3,9 Prozent").period_start == "2025-07-01"
    assert figure(claims, "3,7 Prozent").period_start == "2025-08-01"


@pytest.mark.parametrize("text", [
    "Le cyclone a frappé vendredi dernier.\n\nMardi à 12 h 51, sirènes et klaxons ont salué les "
    "secouristes pendant une minute, dans le cadre d'un deuil national de cinq jours.",
    "La tempête a frappé vendredi dernier.\n\nMardi à 12 h 30, sirènes et klaxons ont marqué une "
    "minute de silence à la mémoire des morts, dans le cadre d'un deuil national d'une semaine.",
])
def test_a_fronted_day_the_parser_cut_off_as_a_sentence_still_dates_the_sentence(
        run: Run, text: str) -> None:
    # figure_periods._comma_fragments (French, parsed)
    claims = run("fr", text, "2025-04-01T18:15:00+02:00")
    assert figure(claims, "une minute").period_start == "2025-04-01"


@pytest.mark.parametrize(("lang", "text", "text_of"), [
    ("it", "La squadra ha segnato 3 gol contro l'Inter sabato.", "3 gol"),
    ("pt", "O clube marcou 4 golos contra o Porto no sábado.", "4 golos"),
])
def test_a_name_after_a_marker_is_what_it_takes_and_the_date_after_it_no_base(
        run: Run, lang: str, text: str, text_of: str) -> None:
    # timeline._after_a_comparison: only "than" markers and fold nouns reach over a noun
    claims = run(lang, text, "2025-06-02")
    assert figure(claims, text_of).period_start == "2025-05-31"


def test_a_when_clause_after_als_without_a_comparative_is_no_base(run: Run) -> None:
    # figure_periods._when_compared: "als Favorit" (as the favourite) compares nothing
    claims = run("de", "Das Spiel fand am Samstag statt. Der Stürmer galt als Favorit, als er "
                       "2 Tore schoss.", "2025-06-02")
    assert figure(claims, "2 Tore").period_start == "2025-05-31"


def test_a_fiscal_year_closed_in_a_month_dates_the_quarter_of_it(run: Run) -> None:
    """ "le quatrième trimestre de son exercice décalé, clos fin juin": the year ended in June,
    so its fourth quarter is April to June; the figures after it are that quarter's."""
    claims = run("fr", "Le groupe a publié mercredi ses résultats du quatrième trimestre de son "
                       "exercice décalé, clos fin juin. Le chiffre d'affaires a progressé de "
                       "18 %.", "2025-07-31")
    assert figure(claims, "18 %").period_start == "2025-04-01"


def test_a_level_the_sentence_says_is_current_is_not_of_the_date_before_it(run: Run) -> None:
    # languages.yaml `now_words`: "Derzeit" makes the rate today's, not the meeting day's
    claims = run("de", "Die Arbeitslosenquote stieg im August auf 4,3 Prozent, wie das "
                       "Ministerium am Freitag mitteilte.\n\nEine Zinssenkung bei der Sitzung am "
                       "17. September gilt als sicher. Derzeit liegt der Leitzins bei 4,5 "
                       "Prozent.", "2025-09-05")
    rate = figure(claims, "4,5 Prozent")
    assert rate.period_start != "2025-09-17" and rate.period_start is not None


# --------------------------------------------------------------------------- the count one


@pytest.mark.parametrize(("text", "written", "value", "unit"), [
    ("Die Notenbank senkte den Leitzins um einen Prozentpunkt.", "einen Prozentpunkt", -1,
     "percentage_point"),
    ("Der Konzern zahlte eine Million Euro Strafe.", "eine Million Euro", 1e6, "EUR"),
    ("Die Reparatur der Brücke dauerte eine Woche.", "eine Woche", 1, "week"),
])
def test_every_form_of_the_german_article_is_one_before_a_unit(
        run: Run, text: str, written: str, value: float, unit: str) -> None:
    # languages.yaml `vague`; LocalMentionFinder._article_ones: text2num reads "ein" only
    claim = figure(run("de", text, "2025-07-21"), written)
    assert (claim.value, claim.unit) == (pytest.approx(value), unit)


def test_the_article_alone_is_still_no_figure(run: Run) -> None:
    assert run("de", "Einer der Spieler gründete eine Firma mit einem Freund.", "2025-07-21") == []


def test_the_article_a_preposition_governs_counts_no_tally(run: Run) -> None:
    # languages.yaml `oblique_articles`: "nach einem Sieg" is "after a win", not one win
    assert run("de", "Nach einem Sieg zum Auftakt verlor die Mannschaft.", "2025-07-21") == []


@pytest.mark.parametrize("text", ["Bei der Nachwahl ging ein Sitz an die Minderheitenpartei.",
                                  "Die Minderheitenpartei gewann einen Sitz."])
def test_the_article_before_a_tally_noun_counts_one(run: Run, text: str) -> None:
    # languages.yaml `tally_nouns`; LocalMentionFinder._tally_end
    claims = run("de", text, "2025-07-21")
    assert [(c.value, c.unit) for c in claims] == [(1.0, "count")]


@pytest.mark.parametrize(("lang", "text"), [
    ("de", "Vor einem Jahr lag die Quote bei 5 Prozent."),
    ("de", "Ein Jahr zuvor lag die Quote bei 5 Prozent."),
    ("de", "Eine Woche später lag die Quote bei 5 Prozent."),
    ("es", "Hace un año la tasa era del 5 %."),
    ("it", "Un anno fa il tasso era del 5%."),
])
def test_one_unit_of_time_that_places_another_time_is_no_span(run: Run, lang: str,
                                                               text: str) -> None:
    # LocalMentionFinder._span_that_dates: dateparser's "ago", languages.yaml `later_words`
    claims = run(lang, text, "2025-07-21")
    assert [(c.value, c.unit) for c in claims] == [(5.0, "percent")]


def test_a_hedged_span_of_one_still_says_how_long(run: Run) -> None:
    claim = figure(run("de", "Die Firma war vor weniger als einem Jahr gegründet worden.",
                       "2025-07-21"), "weniger als einem Jahr")
    assert (claim.value, claim.unit, claim.qualifier) == (1.0, "year", "less_than")


# --------------------------------------------------------------------------- number and unit


@pytest.mark.parametrize(("text", "written", "value", "unit"), [
    ("Der Trainer bleibt drei weitere Jahre im Amt.", "drei weitere Jahre", 3, "year"),
    ("Die Partei legte zwei zusätzliche Prozentpunkte zu.", "zwei zusätzliche Prozentpunkte", 2,
     "percentage_point"),
])
def test_a_word_for_more_between_a_number_and_its_unit(run: Run, text: str, written: str,
                                                      value: float, unit: str) -> None:
    # languages.yaml `more_words`
    claim = figure(run("de", text, "2025-07-21"), written)
    assert (claim.value, claim.unit) == (value, unit)


@pytest.mark.parametrize(("text", "written", "value", "unit"), [
    ("Der Stürmer unterschrieb einen Dreijahresvertrag.", "Dreijahresvertrag", 3, "year"),
    ("Im Neunmonatszeitraum stieg der Umsatz kräftig.", "Neunmonatszeitraum", 9, "month"),
    ("Die Gewerkschaft fordert den Achtstundentag.", "Achtstundentag", 8, "hour"),
])
def test_a_compound_that_opens_with_a_number_word_and_a_unit_states_that_many(
        run: Run, text: str, written: str, value: float, unit: str) -> None:
    # languages.yaml `compound_links`; LocalMentionFinder._unit_compounds
    claim = figure(run("de", text, "2025-07-21"), written)
    assert (claim.value, claim.unit) == (value, unit)


def test_a_compound_that_opens_with_the_article_or_a_fraction_is_no_figure(run: Run) -> None:
    assert run("de", "Der Erfolg war eine Eintagsfliege, so der Vierteljahresbericht.",
               "2025-07-21") == []


# --------------------------------------------------------------------------- nominal ordinals


def test_a_capitalised_german_ordinal_without_a_noun_ranks(run: Run) -> None:
    # LocalMentionFinder._nominal_ordinal: "wurde Dritter" is third place
    claims = run("de", "Die Mannschaft wurde in der Tabelle Dritter.", "2025-05-31")
    assert [(c.text, c.value, c.unit) for c in claims] == [("Dritter", 3.0, "rank")]


def test_every_before_a_nominal_ordinal_is_one_in_that_many(run: Run) -> None:
    claims = run("de", "Laut der Umfrage ist jeder Dritte mit der Regierung unzufrieden.",
                 "2025-05-31")
    assert [(c.text, round(c.value or 0, 1), c.unit) for c in claims] == [
        ("jeder Dritte", 33.3, "percent")]


def test_a_comparison_cue_moves_an_earlier_value_back_and_is_no_figure(run: Run) -> None:
    # languages.yaml `cues`: "im Vorjahresquartal" is "in the year-earlier quarter", after the
    # earlier value ("nach 2,95 Dollar im Vorjahresquartal") or before a "when" clause
    claims = run("de", "Von April bis Juni verkaufte der Konzern 51.200 Anlagen, wie er am "
                       "Mittwoch mitteilte. Der Gewinn je Aktie stieg auf 1,80 Euro, nach 1,45 "
                       "Euro im Vorjahresquartal. Das sind 9 Prozent weniger als im "
                       "Vorjahresquartal, als 56.300 Anlagen verkauft wurden.", "2025-07-02")
    for earlier in ("1,45 Euro", "56.300"):
        got = figure(claims, earlier)
        assert (got.period_start, got.period_end) == ("2024-04-01", "2024-06-30"), earlier
    assert figure(claims, "9 Prozent").comparison == "yoy"
    claims = run("fr", "Les ventes ont progressé de 5 % sur un an au deuxième trimestre.",
                 "2025-07-30")
    assert [c.text for c in claims] == ["5 %"]  # "un an" of "sur un an" is no span


def test_the_word_for_by_before_a_figure_makes_it_a_change_its_clause_directs(run: Run) -> None:
    """languages.yaml `change_links`: "stiegen im Quartal um 4,8 Prozent" is a rise of 4.8%
    however far the verb; a gapped clause takes the verb of the one before ("Der Onlinehandel
    wuchs um 25 Prozent, das Werbegeschäft um 46 Prozent"); "auf 177,4 Milliarden" is the
    level."""
    claims = run("de", "Die Erlöse stiegen im Quartal um 4,8 Prozent auf 177,4 Milliarden "
                       "Dollar. Der Onlinehandel wuchs um 25 Prozent, das Werbegeschäft um 46 "
                       "Prozent. Das operative Ergebnis ging um 8,2 Prozent zurück.", "2025-08-21")
    assert (figure(claims, "4,8 Prozent").basis, figure(claims, "4,8 Prozent").value) == (
        "change", 4.8)
    assert figure(claims, "46 Prozent").basis == "change"
    assert figure(claims, "8,2 Prozent").value == -8.2
    assert figure(claims, "177,4 Milliarden Dollar").basis == "absolute"


def test_a_quarter_to_the_end_of_a_month_is_the_three_months_ending_there(run: Run) -> None:
    """languages.yaml `ended_words` "bis Ende": "im Quartal bis Ende Juli" is May to July, as
    "the quarter ended July 31" is, not July."""
    claims = run("de", "Die Erlöse stiegen im Quartal bis Ende Juli um 4,8 Prozent auf 177,4 "
                       "Milliarden Dollar.", "2025-08-21")
    got = figure(claims, "177,4 Milliarden Dollar")
    assert (got.period_start, got.period_end) == ("2025-05-01", "2025-07-31")


@pytest.mark.parametrize(("lang", "text", "written"), [
    ("de", "Bereinigt verdiente der Konzern 0,68 Dollar je Aktie.", "0,68 Dollar"),
    ("de", "Der bereinigte Gewinn je Aktie soll 2,52 bis 2,62 Dollar erreichen.", "2,52"),
    ("de", "Für das dritte Quartal stellt er 0,58 bis 0,60 Dollar je Aktie in Aussicht.",
     "0,58"),
    ("fr", "Le bénéfice par action a atteint 3,65 dollars.", "3,65 dollars"),
])
def test_an_amount_of_a_measure_per_share_is_per_share(run: Run, lang: str, text: str,
                                                       written: str) -> None:
    # languages.yaml `per_share_words`; both ends of a range alike
    assert figure(run(lang, text, "2025-08-21"), written).unit == "USD/share"


def test_an_amount_in_billions_beside_a_per_share_figure_is_no_per_share_amount(
        run: Run) -> None:
    claims = run("de", "Der Nettogewinn stieg auf 7,03 Milliarden Dollar oder 0,88 Dollar je "
                       "Aktie, nach 4,50 Milliarden Dollar ein Jahr zuvor.", "2025-08-21")
    assert figure(claims, "4,50 Milliarden Dollar").unit == "USD"
    assert figure(claims, "0,88 Dollar").unit == "USD/share"
