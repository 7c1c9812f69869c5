from django.urls import path

from products import views

app_name = "products"

urlpatterns = [
    path("products/", views.product_list, name="product_list"),
    path("products/new/", views.product_create, name="product_create"),
    path("products/<int:pk>/", views.product_detail, name="product_detail"),
    path("products/<int:pk>/edit/", views.product_edit, name="product_edit"),
    path("products/<int:pk>/photos/", views.product_photo_add, name="product_photo_add"),
    path("ideas/", views.idea_list, name="idea_list"),
    path("ideas/new/", views.idea_create, name="idea_create"),
    path("ideas/<int:pk>/", views.idea_detail, name="idea_detail"),
    path("ideas/<int:pk>/producer/", views.idea_link_producer, name="idea_link_producer"),
    path("ideas/<int:pk>/edit/", views.idea_edit, name="idea_edit"),
    *[
        path(
            f"ideas/<int:pk>/{action}/",
            views.idea_transition,
            {"action": action},
            name=f"idea_{action.replace('-', '_')}",
        )
        for action in views.IDEA_STEPS
    ],
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/product/", views.plan_link_product, name="plan_link_product"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/appraise/", views.plan_appraise, name="plan_appraise"),
    *[
        path(
            f"plans/<int:pk>/{action}/",
            views.plan_transition,
            {"action": action},
            name=f"plan_{action}",
        )
        for action in views.PLAN_STEPS
    ],
    path("support/", views.support_list, name="support_list"),
    path("support/new/", views.support_create, name="support_create"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
]
