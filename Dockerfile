FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
RUN useradd --create-home safety && mkdir -p /app/media && chown safety /app/media
USER safety
EXPOSE 8000
CMD ["gunicorn", "sanming_safety.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
