"""The mixed workload of ``make load``: the main pages, each requested by a
logged-in user of the role that uses it, plus the bare view as the floor.

The run sits behind no TLS proxy, so every request says it came through one
(``X-Forwarded-Proto: https``, trusted by the production settings) and the
session cookie, which is ``Secure``, is sent by hand. Ids come from the
environment (``tests/load/run.py`` reads them from the database).
"""

import os

from locust import HttpUser, between, task

PASSWORD = os.environ["LOAD_PASSWORD"]
CAMPAIGN = os.environ["LOAD_CAMPAIGN_ID"]
BUSINESS = os.environ["LOAD_BUSINESS_ID"]
HANDLE = os.environ["LOAD_CREATOR_HANDLE"]


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(0.2, 0.8)
    email = None

    def on_start(self):
        self.client.headers.update(
            {"X-Forwarded-Proto": "https", "Referer": f"https://{self.host_name}/"}
        )
        if self.email:
            self.log_in()

    @property
    def host_name(self):
        return self.host.split("://", 1)[1]

    def log_in(self):
        form = self.client.get("/accounts/login/", name="login form")
        token = form.cookies["csrftoken"]
        self.client.headers["Cookie"] = f"csrftoken={token}"
        with self.client.post(
            "/accounts/login/",
            data={"csrfmiddlewaretoken": token, "login": self.email, "password": PASSWORD},
            headers={"Referer": f"https://{self.host_name}/accounts/login/"},
            allow_redirects=False,
            name="log in",
            catch_response=True,
        ) as response:
            session = response.cookies.get("sessionid")
            if response.status_code != 302 or not session:
                response.failure(f"login as {self.email} failed: {response.status_code}")
                return
        self.client.headers["Cookie"] = f"csrftoken={token}; sessionid={session}"

    def page(self, path, name):
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} for {path}")


class Visitor(PortalUser):
    weight = 2

    @task(2)
    def home(self):
        self.page("/", "visitor: home")

    @task(2)
    def series(self):
        self.page("/series/", "visitor: series index")

    @task(1)
    def media_kit(self):
        self.page(f"/creator/kit/{HANDLE}/", "visitor: media kit")


class Creator(PortalUser):
    weight = 3
    email = "creator1@demo.portal.test"

    @task(3)
    def dashboard(self):
        self.page("/creator/", "creator: dashboard")

    @task(2)
    def open_campaigns(self):
        self.page("/collaborations/open/", "creator: open campaigns")

    @task(1)
    def collaborations(self):
        self.page("/collaborations/", "creator: my collaborations")


class Business(PortalUser):
    weight = 3
    email = "business1@demo.portal.test"

    @task(3)
    def matches(self):
        self.page(f"/business/campaigns/{CAMPAIGN}/matches/", "business: matches")

    @task(2)
    def search(self):
        self.page(
            f"/business/campaigns/{CAMPAIGN}/search/?followers_min=10000&followers_max=100000"
            "&engagement_min=3&sort=followers",
            "business: creator search",
        )

    @task(1)
    def campaigns(self):
        self.page(f"/business/{BUSINESS}/campaigns/", "business: campaign list")

    @task(1)
    def collaborations(self):
        self.page(f"/collaborations/campaigns/{CAMPAIGN}/", "business: collaborations")


class Staff(PortalUser):
    weight = 1
    email = "staff@demo.portal.test"

    @task
    def campaign_queue(self):
        self.page("/admin/brands/campaign/", "staff: campaigns in admin")


class Bare(PortalUser):
    weight = 2

    @task
    def bare(self):
        self.page("/load/bare/", "bare Django view")
