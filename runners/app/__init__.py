"""The planner's web app (``trappa app``): a Streamlit page over the same library as the CLI.

Modules, one job each:

- `command`: the ``app`` subcommand (``register(sub)``), which launches Streamlit;
- `page`: the Streamlit script, which calls `ui.page` (the layout; every action wrapped);
- `levers`: the lever widgets, each mapping its value to a scenario-file fragment;
- `scenario_file`: scenario dicts to TOML text (the file "save strategy" downloads);
- `engine`: the one adapter to the library (scenarios, runners, results);
- `jobs`: a run in a background thread with progress and cancel;
- `cache`: the app's own cache folder, the only place the app writes;
- `payback`: first saving year, cumulative balance, present value (pure functions);
- `views`: tables and charts of a finished comparison;
- `texts`: the page's labels, Norwegian bokmål and English.
"""
