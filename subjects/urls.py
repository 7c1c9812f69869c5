from django.urls import path

from subjects import training_views, views

app_name = "subjects"

urlpatterns = [
    path("", views.subject_list, name="subject_list"),
    path("new/", views.subject_create, name="subject_create"),
    path("<int:pk>/", views.subject_detail, name="subject_detail"),
    path("<int:pk>/edit/", views.subject_edit, name="subject_edit"),
    path("<int:pk>/accounts/new/", views.subject_account_invite, name="subject_account_invite"),
    path("craft-villages/", views.craft_village_list, name="craft_village_list"),
    path("craft-villages/new/", views.craft_village_create, name="craft_village_create"),
    path("craft-villages/<int:pk>/", views.craft_village_edit, name="craft_village_edit"),
    path("raw-material-areas/", views.raw_material_area_list, name="raw_material_area_list"),
    path(
        "raw-material-areas/new/", views.raw_material_area_create, name="raw_material_area_create"
    ),
    path(
        "raw-material-areas/<int:pk>/", views.raw_material_area_edit, name="raw_material_area_edit"
    ),
    path("training/", training_views.course_list, name="course_list"),
    path("training/new/", training_views.course_create, name="course_create"),
    path("training/<int:pk>/", training_views.course_detail, name="course_detail"),
]
