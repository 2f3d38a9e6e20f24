-- Joins and aggregates over customers / orders / items
-- (tests/oracle/gen_business.py describes their shape).

-- name: count_all_tables
SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM orders), (SELECT count(*) FROM items);
-- name: customers_all
SELECT * FROM customers;
-- name: orders_all
SELECT * FROM orders;
-- name: items_all
SELECT * FROM items;
-- name: orders_per_customer
SELECT c.id, c.name, count(o.id) AS n FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id, c.name;
-- name: customers_without_orders
SELECT c.id FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE o.id IS NULL;
-- name: orphan_orders
SELECT o.id, o.customer_id FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL;
-- name: full_join_orphans
SELECT c.id AS cid, o.id AS oid FROM customers c FULL JOIN orders o ON o.customer_id = c.id WHERE c.id IS NULL OR o.id IS NULL;
-- name: revenue_per_order
SELECT o.id, sum(i.qty * i.price) AS total, count(*) AS lines FROM orders o JOIN items i ON i.order_id = o.id GROUP BY o.id;
-- name: revenue_per_city
SELECT c.city, sum(i.qty * i.price) AS revenue, count(DISTINCT o.id) AS orders
FROM customers c JOIN orders o ON o.customer_id = c.id JOIN items i ON i.order_id = o.id GROUP BY c.city;
-- name: revenue_per_status_having
SELECT o.status, sum(i.price) FROM orders o JOIN items i ON i.order_id = o.id GROUP BY o.status HAVING sum(i.qty) > 100;
-- name: avg_price_per_product
SELECT product, avg(price), min(price), max(price), sum(qty) FROM items GROUP BY product;
-- name: top_customers
SELECT c.id, c.name, sum(i.qty * i.price) AS spent FROM customers c JOIN orders o ON o.customer_id = c.id JOIN items i ON i.order_id = o.id
GROUP BY c.id, c.name ORDER BY spent DESC, c.id LIMIT 10;
-- name: orders_by_month
SELECT date_trunc('month', ordered_at) AS month, count(*) FROM orders GROUP BY 1 ORDER BY 1;
-- name: orders_by_month_extract
SELECT extract(month FROM ordered_at) AS m, count(*), min(ordered_at), max(ordered_at) FROM orders GROUP BY 1;
-- name: status_counts_filter
SELECT count(*) FILTER (WHERE status = 'paid') AS paid, count(*) FILTER (WHERE status = 'cancelled') AS cancelled, count(note) FROM orders;
-- name: customers_vip_bool_aggs
SELECT city, bool_and(vip), bool_or(vip), count(vip), count(*) FROM customers GROUP BY city;
-- name: products_string_agg
SELECT order_id, string_agg(product, ',' ORDER BY line) FROM items GROUP BY order_id HAVING count(*) >= 3;
-- name: products_array_agg
SELECT o.customer_id, array_agg(DISTINCT i.product ORDER BY i.product) FROM orders o JOIN items i ON i.order_id = o.id WHERE o.customer_id < 10 GROUP BY o.customer_id;
-- name: customer_jsonb
SELECT jsonb_build_object('id', id, 'name', name, 'city', city, 'vip', vip) FROM customers WHERE id <= 15;
-- name: customer_orders_jsonb_agg
SELECT c.id, jsonb_agg(o.id ORDER BY o.id) FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id <= 5 GROUP BY c.id;
-- name: distinct_cities
SELECT DISTINCT city FROM customers;
-- name: distinct_on_latest_order
SELECT DISTINCT ON (customer_id) customer_id, id, ordered_at FROM orders ORDER BY customer_id, ordered_at DESC, id;
-- name: orders_page
SELECT id, customer_id, status FROM orders ORDER BY ordered_at DESC, id LIMIT 5 OFFSET 10;
-- name: items_with_names_using
SELECT o.id, i.line, i.product FROM orders o JOIN items i ON i.order_id = o.id WHERE o.id BETWEEN 20 AND 30;
-- name: name_like
SELECT id, name FROM customers WHERE name LIKE '%é%' OR name ILIKE 'j%';
-- name: city_in_list
SELECT id, city FROM customers WHERE city IN ('Zürich', 'São Paulo');
-- name: city_null_coalesce
SELECT coalesce(city, '(none)') AS city, count(*) FROM customers GROUP BY 1;
-- name: above_average_orders
SELECT order_id, sum(qty * price) FROM items GROUP BY order_id HAVING sum(qty * price) > (SELECT avg(qty * price) * 4 FROM items);
-- name: correlated_max_order
SELECT c.id, (SELECT max(o.ordered_at) FROM orders o WHERE o.customer_id = c.id) AS last FROM customers c;
-- name: exists_cancelled
SELECT c.id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status = 'cancelled');
-- name: union_ids
SELECT customer_id FROM orders UNION SELECT id FROM customers;
-- name: except_ids
SELECT id FROM customers EXCEPT SELECT customer_id FROM orders;
-- name: intersect_ids
SELECT id FROM customers INTERSECT SELECT customer_id FROM orders;
-- name: with_customer_totals
WITH totals AS (
  SELECT o.customer_id, sum(i.qty * i.price) AS spent FROM orders o JOIN items i ON i.order_id = o.id GROUP BY o.customer_id
)
SELECT c.city, count(*), sum(t.spent), max(t.spent) FROM totals t JOIN customers c ON c.id = t.customer_id GROUP BY c.city;
-- name: signup_years
SELECT extract(year FROM signup) AS y, count(*) FROM customers GROUP BY 1;
-- name: signup_age
SELECT id, age('2025-01-01'::timestamp, signup::timestamp) FROM customers WHERE id <= 10;
-- name: natural_join_items_orders
SELECT count(*) FROM (SELECT id AS order_id, status FROM orders) o NATURAL JOIN items;
-- name: using_join_items_orders
SELECT order_id, status, count(*) FROM (SELECT id AS order_id, status FROM orders) o JOIN items USING (order_id) GROUP BY order_id, status;
-- name: cross_join_statuses_products
SELECT s.status, p.product, count(i.order_id) FROM (SELECT DISTINCT status FROM orders) s CROSS JOIN (SELECT DISTINCT product FROM items) p
LEFT JOIN orders o ON o.status = s.status LEFT JOIN items i ON i.order_id = o.id AND i.product = p.product GROUP BY s.status, p.product;
-- name: qty_stats
SELECT sum(qty), avg(qty), min(qty), max(qty), count(DISTINCT qty), sum(price), avg(price) FROM items;
-- name: to_char_orders
SELECT id, to_char(ordered_at, 'YYYY-MM-DD HH24:MI') FROM orders WHERE id % 25 = 0;
-- name: round_avg_price
SELECT product, round(avg(price), 2), ceil(avg(qty)), floor(avg(qty)) FROM items GROUP BY product;
