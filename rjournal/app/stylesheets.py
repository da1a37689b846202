"""The app's two stylesheets: app.tcss, for the screens it opens on (home, welcome), parsed
before the first frame; screens.tcss, for every other screen and modal, each of which names
it as its CSS_PATH, so Textual parses it (~10 ms) when the first of them opens."""

from pathlib import Path

APP_CSS = Path(__file__).with_name("app.tcss")
SCREENS_CSS = Path(__file__).with_name("screens.tcss")
