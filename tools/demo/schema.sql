-- The demo's upstream database: a small shop. tools/demo/demo.sh runs this
-- once on a new demo PostgreSQL; demo_tick() is the write load it calls a
-- few times a second. Seeded, so every new demo starts from the same rows.

CREATE TABLE customers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL,
  country text NOT NULL,
  profile jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE products (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku text NOT NULL UNIQUE,
  name text NOT NULL,
  category text NOT NULL,
  price numeric(10,2) NOT NULL,
  stock integer NOT NULL,
  attributes jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- status: pending -> paid -> shipped -> delivered, or cancelled.
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers,
  status text NOT NULL,
  total numeric(12,2) NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE order_items (
  order_id bigint NOT NULL REFERENCES orders ON DELETE CASCADE,
  product_id bigint NOT NULL REFERENCES products,
  quantity integer NOT NULL,
  unit_price numeric(10,2) NOT NULL,
  PRIMARY KEY (order_id, product_id)
);

-- Freshet (like Materialize) needs the old row of every UPDATE and DELETE.
ALTER TABLE customers REPLICA IDENTITY FULL;
ALTER TABLE products REPLICA IDENTITY FULL;
ALTER TABLE orders REPLICA IDENTITY FULL;
ALTER TABLE order_items REPLICA IDENTITY FULL;

DO $$ BEGIN PERFORM setseed(0.42); END $$;

INSERT INTO customers (name, email, country, profile, created_at)
SELECT (ARRAY['Ann','Bo','Chen','Dara','Eli','Femi','Gus','Hana','Ivo','Jun'])[1 + i % 10] || ' ' ||
         (ARRAY['Smith','Okafor','Li','Novak','Garcia','Sato','Berg','Rossi'])[1 + (i / 10) % 8],
       'customer' || i || '@example.com',
       (ARRAY['DE','FR','US','JP','BR','NG','IN','NL'])[1 + (i * 7) % 8],
       jsonb_build_object('tier', (ARRAY['basic','silver','gold'])[1 + i % 3],
                          'newsletter', i % 4 = 0),
       now() - (random() * interval '365 days')
FROM generate_series(1, 1000) AS i;

INSERT INTO products (sku, name, category, price, stock, attributes)
SELECT 'SKU-' || lpad(i::text, 4, '0'),
       (ARRAY['Trail','City','Studio','Classic','Nordic'])[1 + i % 5] || ' ' ||
         (ARRAY['mug','lamp','backpack','kettle','notebook','headphones','chair','jacket'])[1 + (i / 5) % 8],
       (ARRAY['kitchen','home','outdoor','office','audio'])[1 + i % 5],
       round((5 + random() * 195)::numeric, 2),
       (random() * 500)::int,
       jsonb_build_object('color', (ARRAY['red','black','white','green'])[1 + i % 4],
                          'weight_g', 100 + (random() * 2000)::int)
FROM generate_series(1, 200) AS i;

INSERT INTO orders (customer_id, status, created_at)
SELECT 1 + (random() * 999)::int,
       CASE WHEN i > 2900 THEN (ARRAY['pending','paid','shipped'])[1 + i % 3]
            WHEN i % 25 = 0 THEN 'cancelled'
            ELSE 'delivered' END,
       now() - ((3000 - i) * interval '10 minutes')
FROM generate_series(1, 3000) AS i;
UPDATE orders SET updated_at = created_at;

-- One to four distinct products per order.
INSERT INTO order_items (order_id, product_id, quantity, unit_price)
SELECT o.id, 1 + (o.id * 7 + k * 53) % 200, 1 + (random() * 3)::int, p.price
FROM orders o
CROSS JOIN LATERAL generate_series(1, 1 + (o.id % 4)::int) AS k
JOIN products p ON p.id = 1 + (o.id * 7 + k * 53) % 200;

UPDATE orders o SET total = s.total
FROM (SELECT order_id, sum(quantity * unit_price) AS total FROM order_items GROUP BY order_id) s
WHERE s.order_id = o.id;

-- One call, one transaction over several tables: a new order with its items
-- (taking stock), three orders moving on, and now and then a new customer, a
-- price change, a restock, or the oldest finished order deleted.
CREATE FUNCTION demo_tick() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  new_order bigint;
  product bigint;
BEGIN
  INSERT INTO orders (customer_id, status)
  VALUES ((SELECT id FROM customers ORDER BY id DESC OFFSET (random() * 900)::int LIMIT 1), 'pending')
  RETURNING id INTO new_order;
  INSERT INTO order_items (order_id, product_id, quantity, unit_price)
  SELECT new_order, p.id, 1 + (random() * 2)::int, p.price
  FROM products p
  WHERE p.id IN (SELECT 1 + (random() * 199)::int FROM generate_series(1, 1 + (random() * 2)::int));
  UPDATE orders SET total = (SELECT coalesce(sum(quantity * unit_price), 0) FROM order_items WHERE order_id = new_order)
  WHERE id = new_order;
  UPDATE products p SET stock = greatest(p.stock - i.quantity, 0), updated_at = now()
  FROM order_items i WHERE i.order_id = new_order AND i.product_id = p.id;

  UPDATE orders
  SET status = CASE WHEN status = 'pending' AND random() < 0.1 THEN 'cancelled'
                    WHEN status = 'pending' THEN 'paid'
                    WHEN status = 'paid' THEN 'shipped'
                    ELSE 'delivered' END,
      updated_at = now()
  WHERE id IN (SELECT id FROM orders
               WHERE status IN ('pending', 'paid', 'shipped') AND id > new_order - 300
               ORDER BY random() LIMIT 3);

  IF random() < 0.1 THEN
    INSERT INTO customers (name, email, country, profile)
    VALUES ('New customer ' || (random() * 1e6)::int, 'new' || (random() * 1e9)::bigint || '@example.com',
            (ARRAY['DE','FR','US','JP','BR','NG','IN','NL'])[1 + (random() * 7)::int],
            jsonb_build_object('tier', 'basic', 'newsletter', random() < 0.5));
  END IF;
  IF random() < 0.2 THEN
    product := 1 + (random() * 199)::int;
    UPDATE products
    SET price = round(price * (0.9 + random() * 0.2)::numeric, 2),
        attributes = attributes || jsonb_build_object('on_sale', random() < 0.3),
        updated_at = now()
    WHERE id = product;
  END IF;
  IF random() < 0.05 THEN
    UPDATE products SET stock = stock + 100, updated_at = now()
    WHERE id = (SELECT id FROM products ORDER BY stock LIMIT 1);
  END IF;
  IF random() < 0.5 THEN
    DELETE FROM orders
    WHERE id = (SELECT id FROM orders WHERE status IN ('delivered', 'cancelled') ORDER BY id LIMIT 1);
  END IF;
END;
$$;

CREATE PUBLICATION mz_source FOR TABLE customers, products, orders, order_items;
