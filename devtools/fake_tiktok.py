"""A local fake of TikTok's documented endpoints (Login Kit v2, Display API v2).

:class:`FakeTikTok` serves token, revoke, user info, video list and video query on
a pytest-httpserver :class:`~pytest_httpserver.HTTPServer` (a test tool: this
module is for tests and ``bench_tiktok_refresh`` only, never product code), with realistic bodies,
TikTok's limit of 600 requests per minute per endpoint (sliding window), and on
demand each documented error shape (:meth:`FakeTikTok.fail`). The ``fake_tiktok``
fixture (``tests/fakes/tiktok.py``, registered for the whole suite in
``tests/conftest.py``) points the
settings at it and makes :class:`tiktok.http.HttpTikTokClient` the client in use::

    def test_it(fake_tiktok):
        fake_tiktok.add_account("open-1", follower_count=12_000)
        tokens = fake_tiktok.issue_tokens("open-1")  # to seed a LinkedAccount
        fake_tiktok.fail("/v2/user/info/", "rate_limited", retry_after=30)
        ...
        assert fake_tiktok.calls("/v2/oauth/token/") == 1
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from werkzeug.wrappers import Response

CLIENT_KEY = "fake-client-key"
CLIENT_SECRET = "fake-client-secret"  # noqa: S105 (the fake's, not a secret)
TOKEN = "/v2/oauth/token/"  # noqa: S105 (a path)
REVOKE = "/v2/oauth/revoke/"
USER_INFO = "/v2/user/info/"
VIDEO_LIST = "/v2/video/list/"
VIDEO_QUERY = "/v2/video/query/"
ENDPOINTS = {
    TOKEN: "POST",
    REVOKE: "POST",
    USER_INFO: "GET",
    VIDEO_LIST: "POST",
    VIDEO_QUERY: "POST",
}
ACCESS_SECONDS = 86_400
REFRESH_SECONDS = 31_536_000

# The error shapes :meth:`FakeTikTok.fail` can answer with.
SHAPES = (
    "invalid_token",  # Display API 401 access_token_invalid / OAuth invalid_grant
    "expired_token",  # the same codes, the message saying it expired
    "revoked",  # the same codes, the message saying access was revoked
    "scope_missing",  # 401 scope_not_authorized
    "rate_limited",  # 429 rate_limit_exceeded with Retry-After (when given)
    "server_error",  # 500 internal_error
    "malformed",  # 200 with an HTML body
    "missing_keys",  # 200 JSON without the data the endpoint must hold
    "video_not_found",  # video query: error code video_not_found
    "timeout",  # answers after ``delay`` seconds (longer than the client waits)
)


@dataclass
class FakeAccount:
    open_id: str
    display_name: str = ""
    username: str = ""
    avatar_url: str = "https://p16.tiktokcdn.example/avatar.jpeg"
    is_verified: bool = False
    follower_count: int = 12_345
    following_count: int = 321
    likes_count: int = 456_789
    video_count: int = 0
    videos: list = field(default_factory=list)

    def user_fields(self):
        return {
            "open_id": self.open_id,
            "union_id": "union-" + self.open_id,
            "avatar_url": self.avatar_url,
            "display_name": self.display_name or f"Creator {self.open_id}",
            "username": self.username or self.open_id.replace("-", "_"),
            "profile_deep_link": f"https://vm.tiktok.com/{self.open_id}/",
            "is_verified": self.is_verified,
            "follower_count": self.follower_count,
            "following_count": self.following_count,
            "likes_count": self.likes_count,
            "video_count": self.video_count or len(self.videos),
        }


def fake_video(open_id, index, *, age_days=None, views=None, now=None):
    """A realistic video item (the API's field names), ``index`` days old by default."""
    now = now or datetime.now(UTC)
    created = now - timedelta(days=index if age_days is None else age_days, hours=3)
    views = 10_000 + 1_000 * index if views is None else views
    return {
        "id": str(7_300_000_000_000_000_000 + _digest(f"{open_id}:{index}") % 10**15),
        "create_time": int(created.timestamp()),
        "title": f"Video {index} #fyp",
        "share_url": f"https://www.tiktok.com/@{open_id}/video/{index}",
        "cover_image_url": f"https://p16.tiktokcdn.example/cover-{index}.jpeg",
        "duration": 15 + index,
        "view_count": views,
        "like_count": views // 10,
        "comment_count": views // 100,
        "share_count": views // 200,
    }


def _digest(text):
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _log_id():
    return datetime.now(UTC).strftime("%Y%m%d%H%M%S") + secrets.token_hex(8).upper()


def _json(body, status=200, headers=None):
    return Response(json.dumps(body), status=status, headers=headers, mimetype="application/json")


def _api_error(code, message, status):
    return _json(
        {"data": {}, "error": {"code": code, "message": message, "log_id": _log_id()}}, status
    )


def _oauth_error(error, description, status=200):
    # TikTok's OAuth endpoints answer errors in this flat shape.
    return _json({"error": error, "error_description": description, "log_id": _log_id()}, status)


class FakeTikTok:
    """TikTok's endpoints on ``server``; state lives in this object (thread-safe)."""

    def __init__(self, server, *, per_minute=600):
        self.server = server
        self.per_minute = per_minute
        self.accounts = {}
        self.codes = {}  # code -> (open_id, code_challenge)
        self.access_tokens = {}  # token -> (open_id, expires at, epoch seconds)
        self.refresh_tokens = {}
        self.revoked = set()
        self.requests = []  # (path, parsed body or form, headers)
        self._failures = defaultdict(deque)
        self._windows = defaultdict(deque)
        self._lock = threading.Lock()
        for path, method in ENDPOINTS.items():
            server.expect_request(path, method=method).respond_with_handler(self._handler(path))

    @property
    def url(self):
        """The API's base URL (``TIKTOK_API_URL``)."""
        return self.server.url_for("").rstrip("/")

    # Arranging

    def add_account(self, open_id, *, videos=None, video_count=None, **fields):
        """An account with ``videos`` (items as :func:`fake_video` makes; 5 by default)."""
        if videos is None:
            videos = [fake_video(open_id, index) for index in range(5)]
        account = FakeAccount(open_id=open_id, videos=list(videos), **fields)
        account.video_count = video_count if video_count is not None else len(account.videos)
        with self._lock:
            self.accounts[open_id] = account
        return account

    def issue_code(self, open_id, code_challenge=""):
        """An authorization code for ``open_id``, as TikTok's consent page would give."""
        if open_id not in self.accounts:
            self.add_account(open_id)
        code = "code-" + secrets.token_urlsafe(16)
        with self._lock:
            self.codes[code] = (open_id, code_challenge)
        return code

    def issue_tokens(self, open_id, *, access_seconds=ACCESS_SECONDS):
        """Tokens TikTok would hand out for ``open_id`` (the token endpoint's body)."""
        if open_id not in self.accounts:
            self.add_account(open_id)
        with self._lock:
            return self._new_tokens(open_id, access_seconds=access_seconds)

    def expire(self, token):
        """Make an access or refresh token expired."""
        with self._lock:
            for tokens in (self.access_tokens, self.refresh_tokens):
                if token in tokens:
                    tokens[token] = (tokens[token][0], time.time() - 1)

    def fail(self, path, shape, *, times=1, retry_after=None, delay=1.0):
        """Answer the next ``times`` requests to ``path`` with error ``shape`` (see SHAPES)."""
        assert path in ENDPOINTS and shape in SHAPES, (path, shape)
        with self._lock:
            for _ in range(times):
                self._failures[path].append((shape, retry_after, delay))

    # Asserting

    def calls(self, path):
        """How many requests ``path`` received."""
        with self._lock:
            return sum(1 for seen, _, _ in self.requests if seen == path)

    # Serving

    def _handler(self, path):
        def handle(request):
            body = self._body(request)
            with self._lock:
                self.requests.append((path, body, dict(request.headers)))
                failure = self._failures[path].popleft() if self._failures[path] else None
                limited = self._over_limit(path)
            if limited:
                return self._shape(path, "rate_limited", 60, 0)
            if failure:
                return self._shape(path, *failure)
            with self._lock:
                return getattr(self, "_" + path.strip("/").replace("/", "_")[3:])(request, body)

        return handle

    @staticmethod
    def _body(request):
        if request.mimetype == "application/json":
            try:
                return json.loads(request.get_data(as_text=True) or "null")
            except ValueError:
                return None
        return request.form.to_dict()

    def _over_limit(self, path):
        window = self._windows[path]
        now = time.monotonic()
        while window and window[0] <= now - 60:
            window.popleft()
        if len(window) >= self.per_minute:
            return True
        window.append(now)
        return False

    def _shape(self, path, shape, retry_after, delay):
        oauth = path in (TOKEN, REVOKE)
        if shape == "timeout":
            time.sleep(delay)
            shape = "server_error"
        if shape in ("invalid_token", "expired_token", "revoked"):
            message = {
                "invalid_token": "The access token is invalid or not found in the request.",
                "expired_token": "The access token has expired.",
                "revoked": "The user has revoked access to the app.",
            }[shape]
            if oauth:
                return _oauth_error("invalid_grant", message)
            return _api_error("access_token_invalid", message, 401)
        if shape == "scope_missing":
            return _api_error(
                "scope_not_authorized", "The user did not authorize the scope required.", 401
            )
        if shape == "rate_limited":
            response = _api_error(
                "rate_limit_exceeded", "API rate limit exceeded, please retry later.", 429
            )
            if retry_after is not None:
                response.headers["Retry-After"] = str(retry_after)
            return response
        if shape == "server_error":
            return _api_error("internal_error", "Something went wrong. Please try again.", 500)
        if shape == "malformed":
            return Response("<html><body>Bad gateway</body></html>", 200, mimetype="text/html")
        if shape == "missing_keys":
            if oauth:
                return _json({"token_type": "Bearer", "scope": "user.info.basic"})
            return _json({"data": {}, "error": {"code": "ok", "message": "", "log_id": _log_id()}})
        return _api_error("video_not_found", "The video does not exist.", 404)

    def _new_tokens(self, open_id, *, access_seconds=ACCESS_SECONDS):
        access = "act." + secrets.token_urlsafe(24)
        refresh = "rft." + secrets.token_urlsafe(24)
        now = time.time()
        self.access_tokens[access] = (open_id, now + access_seconds)
        self.refresh_tokens[refresh] = (open_id, now + REFRESH_SECONDS)
        return {
            "access_token": access,
            "expires_in": access_seconds,
            "open_id": open_id,
            "refresh_expires_in": REFRESH_SECONDS,
            "refresh_token": refresh,
            "scope": "user.info.basic,user.info.profile,user.info.stats,video.list",
            "token_type": "Bearer",
        }

    def _credentials_ok(self, form):
        return form.get("client_key") == CLIENT_KEY and form.get("client_secret") == CLIENT_SECRET

    def _oauth_token(self, request, form):
        if not isinstance(form, dict) or not self._credentials_ok(form):
            return _oauth_error("invalid_client", "Client key or secret is invalid.", 401)
        grant = form.get("grant_type")
        if grant == "authorization_code":
            open_id, challenge = self.codes.pop(form.get("code", ""), (None, ""))
            if open_id is None:
                return _oauth_error("invalid_grant", "Authorization code is expired.")
            verifier = form.get("code_verifier", "")
            digest = hashlib.sha256(verifier.encode()).digest()
            if challenge and base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != challenge:
                return _oauth_error("invalid_grant", "Code verifier or code challenge is invalid.")
            return _json(self._new_tokens(open_id))
        if grant == "refresh_token":
            open_id, expires = self.refresh_tokens.get(form.get("refresh_token", ""), (None, 0))
            if open_id is None or expires <= time.time():
                return _oauth_error("invalid_grant", "Refresh token is invalid or expired.")
            return _json(self._new_tokens(open_id))
        return _oauth_error("invalid_request", "Unsupported grant_type.", 400)

    def _oauth_revoke(self, request, form):
        if not isinstance(form, dict) or not self._credentials_ok(form):
            return _oauth_error("invalid_client", "Client key or secret is invalid.", 401)
        open_id, _ = self.access_tokens.get(form.get("token", ""), (None, 0))
        if open_id is None:
            return _oauth_error("invalid_request", "Access token is invalid.", 400)
        for tokens in (self.access_tokens, self.refresh_tokens):
            for token in [token for token, (owner, _) in tokens.items() if owner == open_id]:
                del tokens[token]
                self.revoked.add(token)
        return Response("", 200)

    def _account(self, request):
        authorization = request.headers.get("Authorization", "")
        token = authorization.removeprefix("Bearer ")
        open_id, expires = self.access_tokens.get(token, (None, 0))
        if open_id is None or expires <= time.time():
            return None
        return self.accounts[open_id]

    @staticmethod
    def _only_fields(request, items):
        """``items`` with only the fields the request asked for (as TikTok answers)."""
        fields = set(request.args.get("fields", "").split(","))
        return [{name: value for name, value in item.items() if name in fields} for item in items]

    @staticmethod
    def _ok(data):
        return _json({"data": data, "error": {"code": "ok", "message": "", "log_id": _log_id()}})

    def _invalid_token(self):
        return _api_error(
            "access_token_invalid", "The access token is invalid or not found in the request.", 401
        )

    def _user_info(self, request, _body):
        account = self._account(request)
        if account is None:
            return self._invalid_token()
        return self._ok({"user": self._only_fields(request, [account.user_fields()])[0]})

    def _video_list(self, request, body):
        account = self._account(request)
        if account is None:
            return self._invalid_token()
        body = body if isinstance(body, dict) else {}
        max_count = body.get("max_count", 20)
        if not isinstance(max_count, int) or not 1 <= max_count <= 20:
            return _api_error("invalid_params", "max_count must be between 1 and 20.", 400)
        videos = sorted(account.videos, key=lambda item: item["create_time"], reverse=True)
        cursor = body.get("cursor")
        if cursor:
            videos = [item for item in videos if item["create_time"] * 1000 < cursor]
        page = videos[:max_count]
        return self._ok(
            {
                "videos": self._only_fields(request, page),
                "cursor": page[-1]["create_time"] * 1000 if page else 0,
                "has_more": len(videos) > len(page),
            }
        )

    def _video_query(self, request, body):
        account = self._account(request)
        if account is None:
            return self._invalid_token()
        ids = ((body or {}).get("filters") or {}).get("video_ids") or []
        if not ids or len(ids) > 20:
            return _api_error("invalid_params", "video_ids must hold 1 to 20 ids.", 400)
        found = [item for item in account.videos if item["id"] in set(ids)]
        return self._ok({"videos": self._only_fields(request, found)})


def real_client_settings(fake, *, timeout_seconds=2):
    """The settings that make :class:`tiktok.http.HttpTikTokClient` the client in
    use, talking to ``fake`` (for ``override_settings`` or pytest-django's fixture)."""
    return {
        "TIKTOK_CLIENT": "tiktok.http.HttpTikTokClient",
        "TIKTOK_API_URL": fake.url,
        "TIKTOK_AUTH_URL": fake.url + "/v2/auth/authorize/",
        "TIKTOK_CLIENT_KEY": CLIENT_KEY,
        "TIKTOK_CLIENT_SECRET": CLIENT_SECRET,
        "TIKTOK_TIMEOUT_SECONDS": timeout_seconds,
    }
