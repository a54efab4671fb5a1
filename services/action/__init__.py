"""From ideas to action: a process's inspiration catalogue, the initiatives that grow out of it, the
local actors who run them, and the public "you said, we did" page. Modules: catalogue, curation,
catalogue_export; initiatives, lifecycle, initiative_actors, follow_up, initiative_export; lineage
(the trail between them); actors; outcomes.
"""
