"""Every text an adviser reads, in Norwegian bokmål, kept in one place.

One module per area: ``validation`` (input problems), ``reasons`` (decision reasons in
allocation.csv), ``report`` (the innstilling), ``widgets`` (explorer labels). Code elsewhere
never writes Norwegian sentences inline; it formats the templates defined here.
"""
