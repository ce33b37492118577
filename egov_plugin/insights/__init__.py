"""The one-screen dashboard, cross-search over people, policies, opinions, activities and
minutes, the person page, exports of a result and saved audiences."""
