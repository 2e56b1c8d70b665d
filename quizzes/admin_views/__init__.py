"""The quizzes admin: authoring (banks, import, export, item analysis) and marking."""
