"""Make the figure shown in the README: python docs/readme_figure.py"""

from pathlib import Path

import framing
from framing import plot

corpus = framing.load_corpus("pow-exchange-2025")
scores = framing.score(corpus, "pow-exchange", unit="sentence")
table = framing.compare(
    scores, by="outlet", frames=["morale", "humanitarian", "leverage", "diplomacy"], seed=0
)
with plot.paper(columns=2, height=4.2):
    fig = plot.forest_grid(table, group_by="outlet_type", metadata=corpus, col_wrap=4)
    plot.save(fig, Path(__file__).with_name("forest"), formats=("png",), dpi=150)
print("wrote docs/forest.png")
