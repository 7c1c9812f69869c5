from django.urls import path

from reports import views

urlpatterns = [
    path("", views.home, name="home"),
    path("inbox/", views.inbox_view, name="inbox"),
    path("inbox/read/", views.inbox_mark_read, name="inbox_mark_read"),
]
