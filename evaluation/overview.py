"""What the chair sees of a round: progress, totals, spread alerts, where members disagree and
how lenient each member is compared with the council. Members' answers stay hidden from
everyone until scoring of the dossier is closed (blind scoring); the chair sees totals, spread
and disagreements of a dossier only once their own sheet of it is submitted (or they stepped
aside, or do not score in the round), so that nobody scores after seeing colleagues' totals.
Counters count people of the round's roster, and name those still awaited."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from evaluation.models import ConflictDeclaration, ScoreAnswer, ScoreSheet, SheetStatus
from evaluation.services import round_scorers


@dataclass
class DossierProgress:
    dossier: object
    expected: int
    submitted: int
    waiting: list = field(default_factory=list)  # people whose sheet is still awaited
    hidden: bool = False  # the viewer has not submitted their own sheet yet: blind
    totals: list = field(default_factory=list)  # (member, total)
    spread: Decimal = Decimal(0)
    spread_alert: bool = False
    disagreements: list = field(default_factory=list)  # (criterion code, lowest, highest)
    recused: list = field(default_factory=list)


def chair_overview(round_, *, reveal: bool = False, viewer=None) -> dict:

    council = round_.council
    scorers = round_scorers(round_)
    scorer_ids = {member.pk for member in scorers}
    dossiers = list(round_.dossiers.select_related("product", "result").order_by("product__name"))
    recused = defaultdict(list)
    for declaration in ConflictDeclaration.objects.filter(
        dossier__round=round_, recused=True
    ).select_related("member"):
        recused[declaration.dossier_id].append(declaration.member)
    sheets = defaultdict(list)
    for sheet in ScoreSheet.objects.filter(
        dossier__round=round_, status=SheetStatus.SUBMITTED
    ).select_related("member"):
        if sheet.member not in recused[sheet.dossier_id] and (
            sheet.member_id in scorer_ids or not round_.roster_fixed_on
        ):
            sheets[sheet.dossier_id].append(sheet)
    ranges: dict = defaultdict(lambda: defaultdict(list))
    for dossier_id, code, points in ScoreAnswer.objects.filter(
        sheet__dossier__round=round_, sheet__status=SheetStatus.SUBMITTED
    ).values_list("sheet__dossier_id", "criterion__code", "option__points"):
        ranges[dossier_id][code].append(points)

    rows = []
    leniency_gaps = defaultdict(list)
    for dossier in dossiers:
        submitted = sheets[dossier.pk]
        in_ids = {s.member_id for s in submitted}
        waiting = [m for m in scorers if m.pk not in in_ids and m not in recused[dossier.pk]]
        hidden = (
            not reveal
            and viewer is not None
            and viewer.pk in scorer_ids
            and viewer.pk not in in_ids
            and viewer not in recused[dossier.pk]
        )
        if hidden:
            rows.append(
                DossierProgress(
                    dossier=dossier,
                    expected=len(scorers) - len(recused[dossier.pk]),
                    submitted=len(submitted),
                    waiting=waiting,
                    hidden=True,
                    recused=recused[dossier.pk],
                )
            )
            continue
        totals = [(s.member, s.total) for s in submitted]
        values = [t for _, t in totals]
        spread = (max(values) - min(values)) if values else Decimal(0)
        widest = sorted(
            (
                (code, min(p), max(p))
                for code, p in ranges[dossier.pk].items()
                if len(p) > 1 and max(p) > min(p)
            ),
            key=lambda row: row[2] - row[1],
            reverse=True,
        )[:3]
        rows.append(
            DossierProgress(
                dossier=dossier,
                expected=len(scorers) - len(recused[dossier.pk]),
                submitted=len(submitted),
                waiting=waiting,
                totals=totals,
                spread=spread,
                spread_alert=spread > council.max_spread,
                disagreements=widest,
                recused=recused[dossier.pk],
            )
        )
        if len(values) > 1:
            for member, total in totals:
                others = [t for m, t in totals if m != member]
                leniency_gaps[member].append(total - sum(others) / len(others))
    leniency = sorted(
        (
            (member, (sum(gaps) / len(gaps)).quantize(Decimal("0.01")))
            for member, gaps in leniency_gaps.items()
        ),
        key=lambda row: row[1],
        reverse=True,
    )
    return {"rows": rows, "leniency": leniency, "members": scorers, "reveal": reveal}
