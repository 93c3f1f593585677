#!/usr/bin/env python3
"""Parses an iCalendar file with Python's `icalendar` package (a second,
independent parser) and prints its to-dos as JSON, for tests/calendar_file.rs
to check.

    python3 tests/ics_check.py FILE.ics
"""
import json
import sys

import icalendar


def main(path):
    with open(path, "rb") as f:
        calendar = icalendar.Calendar.from_ical(f.read())
    todos = []
    for todo in calendar.walk("VTODO"):
        alarms = []
        for alarm in todo.walk("VALARM"):
            trigger = alarm.get("TRIGGER")
            alarms.append({
                "action": str(alarm.get("ACTION")),
                "seconds": int(trigger.dt.total_seconds()),
                "related": trigger.params.get("RELATED", "START"),
                "description": str(alarm.get("DESCRIPTION")),
            })
        todos.append({
            "uid": str(todo.get("UID")),
            "summary": str(todo.get("SUMMARY")),
            "description": str(todo.get("DESCRIPTION")),
            "due": todo.decoded("DUE").isoformat(),
            "dtstamp": todo.decoded("DTSTAMP").isoformat(),
            "alarms": alarms,
        })
    print(json.dumps({
        "version": str(calendar.get("VERSION")),
        "prodid": str(calendar.get("PRODID")),
        "todos": todos,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
