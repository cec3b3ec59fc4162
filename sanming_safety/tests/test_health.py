from django.db import OperationalError

from sanming_safety import views


def test_healthz_reports_database_and_broker(client, db, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    expected = "in-process" if settings.CELERY_BROKER_URL.startswith("memory://") else "ok"
    assert body["broker"] == expected


def test_healthz_is_503_when_the_database_is_down(client, db, monkeypatch):
    def broken():
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(views.connection, "cursor", broken)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"].startswith("error")
