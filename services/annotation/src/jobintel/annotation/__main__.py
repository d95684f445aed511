from jobintel.runtime.worker import run

from .app import create_app

run(create_app())
