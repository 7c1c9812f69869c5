from django.urls import path

from evaluation.views import certificates, councils, criteria, register, rounds, scoring

app_name = "evaluation"

urlpatterns = [
    path("certificates/", register.certificate_list, name="certificate_list"),
    path("certificates/<int:pk>/", certificates.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/pdf/", certificates.certificate_pdf, name="certificate_pdf"),
    path(
        "decisions/<int:pk>/certificates.pdf",
        certificates.decision_certificates_pdf,
        name="decision_certificates_pdf",
    ),
    path(
        "certificates/<int:pk>/revoke/", certificates.certificate_revoke, name="certificate_revoke"
    ),
    path(
        "certificates/<int:pk>/inspections/new/",
        certificates.inspection_create,
        name="inspection_create",
    ),
    path(
        "inspections/<int:pk>/follow-up/",
        certificates.inspection_follow_up,
        name="inspection_follow_up",
    ),
    path("register/import/", register.register_import_view, name="register_import"),
    path("register/import/template.xlsx", register.register_template, name="register_template"),
    path("register/import/<int:pk>/", register.register_import_job, name="register_import_job"),
    path(
        "register/import/<int:pk>/apply/",
        register.register_import_apply,
        name="register_import_apply",
    ),
    path(
        "register/import/<int:pk>/retry/",
        register.register_import_retry,
        name="register_import_retry",
    ),
    path("criteria/", criteria.criteria_index, name="criteria_index"),
    path("criteria/<str:version>/<str:set_code>/", criteria.sheet_detail, name="sheet_detail"),
    path("criteria/<str:version>/<str:set_code>/pdf/", criteria.sheet_pdf, name="sheet_pdf"),
    path("councils/", councils.council_list, name="council_list"),
    path("councils/new/", councils.council_create, name="council_create"),
    path("councils/<int:pk>/", councils.council_detail, name="council_detail"),
    path("councils/<int:pk>/seats/", councils.seat_add, name="seat_add"),
    path("seats/<int:pk>/end/", councils.seat_end, name="seat_end"),
    path("rounds/", rounds.round_list, name="round_list"),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    *[
        path(f"rounds/<int:pk>/{step}/", rounds.round_advance, {"to": step}, name=f"round_{step}")
        for step in ("open", "scoring", "closed")
    ],
    path("rounds/<int:pk>/decision/", rounds.decision_issue, name="decision_issue"),
    path("rounds/<int:pk>/roster/replace/", rounds.roster_replace, name="roster_replace"),
    path("rounds/<int:pk>/conflicts/", rounds.conflict_list, name="conflict_list"),
    path("rounds/<int:pk>/decision/annex.pdf", rounds.decision_annex, name="decision_annex"),
    path("rounds/<int:pk>/summary.pdf", rounds.council_summary, name="council_summary"),
    path("rounds/<int:pk>/minutes.pdf", rounds.council_minutes, name="council_minutes"),
    path("rounds/<int:pk>/dossiers/new/", rounds.dossier_create, name="dossier_create"),
    path("dossiers/<int:pk>/", rounds.dossier_detail, name="dossier_detail"),
    path("dossiers/<int:pk>/evidence/", rounds.evidence_add, name="evidence_add"),
    path(
        "dossiers/<int:pk>/self-assessment/", rounds.dossier_self_assess, name="dossier_self_assess"
    ),
    path("dossiers/<int:pk>/central-result/", rounds.central_result, name="central_result"),
    path("evidence/<int:pk>/", rounds.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/confirm/", rounds.evidence_confirm, name="evidence_confirm"),
    path("dossiers/<int:pk>/intake/", rounds.dossier_intake, name="dossier_intake"),
    path("dossiers/<int:pk>/comments/", rounds.result_comments, name="result_comments"),
    path("dossiers/<int:pk>/pre-assessment/", rounds.dossier_pre_assess, name="dossier_pre_assess"),
    *[
        path(
            f"dossiers/<int:pk>/{action}/",
            rounds.dossier_chair_action,
            {"action": action},
            name=f"dossier_{action.replace('-', '_')}",
        )
        for action in ("close", "send-back", "exclude")
    ],
    path("dossiers/<int:pk>/score/", scoring.score_page, name="score"),
    path("dossiers/<int:pk>/score/answer/", scoring.score_answer, name="score_answer"),
    path("dossiers/<int:pk>/score/submit/", scoring.score_submit, name="score_submit"),
    path("dossiers/<int:pk>/score/pdf/", scoring.score_pdf, name="score_pdf"),
    path("dossiers/<int:pk>/score/xlsx/", scoring.score_xlsx, name="score_xlsx"),
    path("dossiers/<int:pk>/conflict/", scoring.conflict_declare, name="conflict_declare"),
    path("sheets/<int:pk>/reopen/", scoring.sheet_reopen, name="sheet_reopen"),
]
