# A second real driver: psycopg 3 (server-side parameters, prepared
# statements, binary results, cancel, transactions).

$ python3 clients/psycopg_test.py
