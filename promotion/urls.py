from django.urls import path

from promotion import views

app_name = "promotion"

urlpatterns = [
    path("sales-points/", views.sales_point_list, name="sales_point_list"),
    path("sales-points/new/", views.sales_point_create, name="sales_point_create"),
    path("sales-points/<int:pk>/", views.sales_point_edit, name="sales_point_edit"),
    path("channels/", views.channel_list, name="channel_list"),
    path("channels/new/", views.channel_create, name="channel_create"),
    path("channels/<int:pk>/", views.channel_edit, name="channel_edit"),
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path(
        "events/<int:pk>/participants/new/", views.participation_create, name="participation_create"
    ),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/<int:pk>/", views.partner_edit, name="partner_edit"),
    path("qr-labels/<int:pk>/", views.qr_labels, name="qr_labels"),
    path("producer-pages/", views.page_review_list, name="page_review_list"),
    path("producer-pages/<int:pk>/", views.page_review, name="page_review"),
]
