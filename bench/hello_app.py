"""The floor of `bench/api_load.py`: a hello-world Flask app, served by gunicorn as the API is."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return {"hello": "world"}
