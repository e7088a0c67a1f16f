"""Many people at once on a real server: simultaneous logins all succeed, on SQLite and on PostgreSQL.

Before SQLite ran in WAL mode with IMMEDIATE transactions and a busy timeout, 8 people logging in at the
same moment got 7 "Internal Server Error" pages (`database is locked`).
"""

import threading

from tests.live import Browser, own_database, run_renja, server_env, serving

PEOPLE = 20
PASSWORD = "sandi-uji-bersama"

MAKE_USERS = f"""
from renja.cli import setup_django, migrate
setup_django()
migrate()
from django.contrib.auth.models import User
from renja.demo import setup as demo
from renja.organizations.models import Profil
renja, _ = demo.load_demo_data()
demo.create_demo_users(renja)
pd = renja.perangkat_daerah
for i in range({PEOPLE}):
    user = User.objects.create_user(f"orang{{i:02d}}", password="{PASSWORD}", first_name=f"Orang {{i}}")
    Profil.objects.create(user=user, pemda=pd.pemda, perangkat_daerah=pd, peran=Profil.Peran.OPERATOR_PD)
"""


def test_twenty_people_log_in_at_the_same_moment(tmp_path):
    with own_database() as url:
        env = server_env(tmp_path)
        if url:
            env["RENJA_DATABASE_URL"] = url
        run_renja(env, script=MAKE_USERS)
        with serving(env, tmp_path) as server:
            browsers = [Browser(server.url) for _ in range(PEOPLE)]
            for browser in browsers:
                browser.get("/masuk/")  # each has its CSRF cookie before the moment
            results, start = [None] * PEOPLE, threading.Barrier(PEOPLE)

            def log_in(i):
                start.wait()
                try:
                    status, landed, page = browsers[i].login(f"orang{i:02d}", PASSWORD)
                    results[i] = (status, landed.endswith("/masuk/"), f">Orang {i}<" in page)
                except Exception as error:  # an HTTP 500 arrives here as HTTPError
                    results[i] = repr(error)

            threads = [threading.Thread(target=log_in, args=(i,)) for i in range(PEOPLE)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        failed = [(i, r) for i, r in enumerate(results) if r != (200, False, True)]
        assert not failed, f"{len(failed)} dari {PEOPLE} gagal masuk: {failed[:3]}\n{server.output()[-3000:]}"
        assert "database is locked" not in server.output()
