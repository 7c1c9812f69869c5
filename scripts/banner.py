"""Print where the portal is and how to log in, after `make run` has prepared everything."""

import os

from accounts.demo import DEMO_USERS

port = os.environ.get("OCOP_PORT", "8000")
print()
print(f"  Cổng OCOP đang chạy tại / The OCOP portal is at:  http://127.0.0.1:{port}/")
print("  Tài khoản thử nghiệm / demo logins (mật khẩu / password: ocop-demo-2026):")
for username, full_name, _title, role, _code, _from in DEMO_USERS:
    print(f"    {username:<16} {role.label:<22} {full_name}")
print("  Ctrl-C dừng cả ba tiến trình / stops web, worker and beat.")
print(flush=True)
