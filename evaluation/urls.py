from django.urls import path

from evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("certificates/", views.certificate_list, name="certificate_list"),
    path("import/", views.register_import_view, name="register_import"),
    path("import/template.xlsx", views.register_template, name="register_template"),
]
