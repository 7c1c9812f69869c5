from django.urls import path

from producers import views

app_name = "producer"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ideas/", views.idea_list, name="idea_list"),
    path("ideas/new/", views.idea_create, name="idea_create"),
    path("ideas/<int:pk>/", views.idea_detail, name="idea_detail"),
    path("ideas/<int:pk>/edit/", views.idea_edit, name="idea_edit"),
    path("dossiers/", views.round_list, name="round_list"),
    path("rounds/<int:pk>/register/", views.dossier_register, name="dossier_register"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier_detail"),
    path("dossiers/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path(
        "dossiers/<int:pk>/documents-completed/",
        views.documents_completed,
        name="documents_completed",
    ),
    path("dossiers/<int:pk>/self-assessment/", views.self_assessment, name="self_assessment"),
    path(
        "dossiers/<int:pk>/self-assessment/projection/",
        views.self_assessment_projection,
        name="self_assessment_projection",
    ),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/confirm/", views.evidence_confirm, name="evidence_confirm"),
    path("qr-labels.pdf", views.qr_labels, name="qr_labels"),
    path("public-page/", views.public_page, name="public_page"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
]
