"""Login, bearer tokens, refresh rotation with reuse detection, logout, throttling."""

from __future__ import annotations

import httpx

from tests.support.server import PASSWORD, Central


def _http(central: Central) -> httpx.Client:
    return httpx.Client(base_url=f"{central.base_url}/api/v1", timeout=30)


def _login(http: httpx.Client, username: str, password: str = PASSWORD) -> httpx.Response:
    return http.post(
        "/auth/login", json={"username": username, "password": password, "device_id": "dev-a"}
    )


def test_login_returns_tokens_and_user(central: Central) -> None:
    with _http(central) as http:
        r = _login(http, "officer1")
        assert r.status_code == 200
        body = r.json()
        assert body["user"]["username"] == "officer1"
        assert body["user"]["roles"] == ["officer"]
        assert body["user"]["agency"]["code"] == "DPUPR"
        assert body["expires_in"] > 0
        assert body["access_token"] != body["refresh_token"]
        # The access token rides on every request over the weak link: 128 random bits, short.
        assert len(body["access_token"]) == 22 and len(body["refresh_token"]) == 43
        me = http.get("/changes", headers={"Authorization": f"Bearer {body['access_token']}"})
        assert me.status_code == 200


def test_wrong_password_and_unknown_user_are_the_same_401(central: Central) -> None:
    with _http(central) as http:
        wrong = _login(http, "supervisor1", "not-the-password")
        unknown = _login(http, "nobody-here", "whatever")
    for r in (wrong, unknown):
        assert r.status_code == 401
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["code"] == "invalid_credentials"


def test_endpoints_need_a_token(central: Central) -> None:
    with _http(central) as http:
        for path in ("/changes", "/reference"):
            r = http.get(path)
            assert r.status_code == 401
            assert r.json()["code"] == "unauthenticated"
            assert r.headers["www-authenticate"] == "Bearer"
        bad = http.get("/changes", headers={"Authorization": "Bearer forged-token"})
        assert bad.status_code == 401
        assert bad.json()["code"] == "invalid_token"


def test_refresh_rotates_and_reuse_revokes_the_family(central: Central) -> None:
    with _http(central) as http:
        first = _login(http, "officer2").json()
        second = http.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert second.status_code == 200
        pair = second.json()
        assert pair["refresh_token"] != first["refresh_token"]
        auth = {"Authorization": f"Bearer {pair['access_token']}"}
        assert http.get("/changes", headers=auth).status_code == 200

        # The old refresh token shows up again: someone copied it. The whole family dies.
        reused = http.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert reused.status_code == 401
        assert reused.json()["code"] == "refresh_reused"
        assert http.get("/changes", headers=auth).status_code == 401
        again = http.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
        assert again.status_code == 401


def test_refresh_retried_after_a_lost_answer_is_not_treated_as_theft(central: Central) -> None:
    # The client sends its device id (the one it logged in with) with every request.
    with _http(central) as http:
        http.headers["X-Device-ID"] = "dev-a"
        first = _login(http, "officer2").json()
        lost = http.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert lost.status_code == 200  # ...but the answer never reached the client
        retry = http.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert retry.status_code == 200
        pair = retry.json()
        auth = {"Authorization": f"Bearer {pair['access_token']}"}
        assert http.get("/changes", headers=auth).status_code == 200
        # The pair whose answer was lost is dead; the retried pair lives on.
        unseen = {"Authorization": f"Bearer {lost.json()['access_token']}"}
        assert http.get("/changes", headers=unseen).status_code == 401
        assert (
            http.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]}).status_code
            == 200
        )


def test_logout_revokes_the_session(central: Central) -> None:
    with _http(central) as http:
        pair = _login(http, "desk2").json()
        auth = {"Authorization": f"Bearer {pair['access_token']}"}
        assert (
            http.post("/auth/logout", json={"refresh_token": pair["refresh_token"]}).status_code
            == 204
        )
        assert http.get("/changes", headers=auth).status_code == 401
        r = http.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})
        assert r.status_code == 401


def test_repeated_failures_get_429_with_retry_after(central: Central) -> None:
    with _http(central) as http:
        codes = [_login(http, "lockme", "wrong").status_code for _ in range(5)]
        assert codes == [401] * 5
        blocked = _login(http, "lockme", PASSWORD)  # even the right password waits
        assert blocked.status_code == 429
        assert blocked.json()["code"] == "too_many_attempts"
        assert 1 <= int(blocked.headers["retry-after"]) <= 300
        # Other users from the same client are not affected.
        assert _login(http, "officer1").status_code == 200
