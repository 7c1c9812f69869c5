from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from reports.selectors import home_summary


@login_required
def home(request):
    return render(request, "reports/home.html", {"summary": home_summary(request.user)})
