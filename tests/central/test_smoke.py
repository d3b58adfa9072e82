from tests.support.server import Central


def test_health(central: Central) -> None:
    import httpx

    r = httpx.get(f"{central.base_url}/api/v1/health")
    assert r.status_code == 200
    assert r.json()["api_version"] == "1"
