from django.urls import path

from guide import views

app_name = "guide"

urlpatterns = [
    path("", views.my_manual, name="mine"),
    path("all/", views.index, name="index"),
    path("<slug:slug>/", views.manual_page, name="manual"),
    path("<slug:slug>/pdf/", views.manual_pdf, name="pdf"),
]
