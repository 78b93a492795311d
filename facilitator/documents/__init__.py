"""What leaves the app for people who never saw it: minutes, action plans, the series'
plan, the take-away QR code.

One module per document, and the pieces they share in their own:

* `session`: `SessionDocument`, what every document of one session starts from (its
  entries to share, language, dates); `minutes` and `action_plan` extend it.
* `series_plan`: the plan of a whole series, built from the programme's data types
  (`programme.series`); nothing in `programme/` imports this package.
* `time_sheet`, `agreement`, `semester`: a pupil's monthly time sheet, the pupil's
  agreement and the mentor's semester evaluation (the school mentoring programme), from
  `programme.pupil`.
* `qr`: the take-away shown as a QR code on the export screen.
* `markdown`: Markdown escaping; `text`: format-neutral text (cleaning, `m:ss`);
  `files`: file names and writing without overwriting (the academic-hours rule is the
  meeting's: `meeting.academic_hours`).

A new document kind goes in a module of its own: about one session, a writer extending
`SessionDocument`; about a series, beside `series_plan`. A new format (HTML, DOCX) brings
its own escaping module beside `markdown` and reuses `text` and `files`.
"""
